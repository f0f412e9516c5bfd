package io.podroute.netlink.ffi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a privileged test class: tagged {@code integration}, each test method gets a fresh network
 * namespace ({@link TestNetns} parameter) that is removed afterwards, even on failure.
 */
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@ExtendWith(NetnsExtension.class)
public @interface NetnsTest {}
