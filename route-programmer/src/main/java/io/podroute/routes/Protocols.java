package io.podroute.routes;

/**
 * Route protocol numbers (rtm_protocol). podroute marks everything it writes with its own number,
 * and reads back, replaces or deletes only entries carrying it.
 */
public final class Protocols {
    private Protocols() {}

    /**
     * podroute's default: 77. Unused by the kernel (0-4), iproute2's rt_protos table (8-18, 42, 99,
     * 186-192), BIRD (12), FRR/zebra (11, 186-198), Calico Felix (80), kube-router (17). Configurable
     * where two podroute instances must not share a namespace's tables.
     */
    public static final int PODROUTE = 77;

    public static final int KERNEL = 2;
    public static final int BOOT = 3;
    public static final int STATIC = 4;
    public static final int BIRD = 12;
}
