package io.podroute.ipip;

import java.util.Locale;

/** Which tunnel data plane to use (config {@code ipip.dataPlane}: auto | kernel | userspace). */
public enum DataPlaneChoice {
    /** The kernel's ipip device; the userspace one when the kernel answers EOPNOTSUPP. */
    AUTO,
    /** The kernel's ipip device only; fail if the kernel lacks it. */
    KERNEL,
    /** TUN + raw sockets, even if the kernel has ipip. */
    USERSPACE;

    public static DataPlaneChoice parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
