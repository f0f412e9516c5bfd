package io.podroute.agent.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts the smallest possible method from the forbidden-API check (the build honours
 * {@code **.SuppressForbidden}); say why in {@link #value()}. Used where the CLI must wrap the process's
 * standard streams.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface SuppressForbidden {
    /** Why the forbidden API is needed here. */
    String value();
}
