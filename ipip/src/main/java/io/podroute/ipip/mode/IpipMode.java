package io.podroute.ipip.mode;

import java.util.Locale;

/** When to encapsulate traffic to a peer's pods (per pool, as Calico names the modes). */
public enum IpipMode {
    /** Every peer through the tunnel. */
    ALWAYS,
    /** Only peers the kernel reaches through a gateway; directly connected peers get plain routes. */
    CROSS_SUBNET,
    /** Never tunnel: plain routes only (the underlay routes pod blocks). */
    NEVER;

    /** Calico's spelling: {@code Always}, {@code CrossSubnet}, {@code Never}. */
    public String label() {
        return switch (this) {
            case ALWAYS -> "Always";
            case CROSS_SUBNET -> "CrossSubnet";
            case NEVER -> "Never";
        };
    }

    /** Parses {@code Always}, {@code CrossSubnet}, {@code Never} (case-insensitive, '-'/'_' ignored). */
    public static IpipMode parse(String text) {
        String t = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return switch (t) {
            case "always" -> ALWAYS;
            case "crosssubnet" -> CROSS_SUBNET;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException(
                    "unknown ipip mode '" + text + "' (Always|CrossSubnet|Never)");
        };
    }
}
