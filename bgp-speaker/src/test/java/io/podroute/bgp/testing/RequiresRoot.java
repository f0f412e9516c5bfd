package io.podroute.bgp.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test that needs root (network namespaces, real BGP daemons). Outside CI it is skipped
 * with the reason printed when not root or a named binary is missing; under CI (environment variable
 * CI set) it fails instead, so CI never skips it silently.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@ExtendWith(RootCondition.class)
public @interface RequiresRoot {
    /** Executables the test needs on PATH or as absolute paths. */
    String[] binaries() default {};
}
