package io.podroute.netlink.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Lets forbiddenapis accept a deliberate use (matched by simple name in the parent POM). */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SuppressForbidden {
    /** Why the forbidden API is right here. */
    String reason();
}
