package io.podroute.bgp.policy;

import java.util.Locale;

/** Communities as written in config: RFC 1997 {@code "AS:value"} or a well-known name; RFC 8092 {@code "a:b:c"}. */
public final class CommunityText {
    /** NO_EXPORT (RFC 1997). */
    public static final int NO_EXPORT = 0xFFFF_FF01;
    /** NO_ADVERTISE (RFC 1997). */
    public static final int NO_ADVERTISE = 0xFFFF_FF02;
    /** NO_EXPORT_SUBCONFED (RFC 1997). */
    public static final int NO_EXPORT_SUBCONFED = 0xFFFF_FF03;
    /** BLACKHOLE 65535:666 (RFC 7999). */
    public static final int BLACKHOLE = 0xFFFF_029A;
    /** GRACEFUL_SHUTDOWN 65535:0 (RFC 8326). */
    public static final int GRACEFUL_SHUTDOWN = 0xFFFF_0000;

    private CommunityText() {}

    /**
     * Parses {@code "65000:100"} (each half 0..65535) or one of {@code no-export}, {@code no-advertise},
     * {@code no-export-subconfed}, {@code blackhole}, {@code graceful-shutdown} (case-insensitive).
     */
    public static int parseCommunity(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "no-export":
                return NO_EXPORT;
            case "no-advertise":
                return NO_ADVERTISE;
            case "no-export-subconfed":
                return NO_EXPORT_SUBCONFED;
            case "blackhole":
                return BLACKHOLE;
            case "graceful-shutdown":
                return GRACEFUL_SHUTDOWN;
            default:
                long[] parts = parts(t, 2, 0xFFFF);
                if (parts == null) {
                    throw new IllegalArgumentException("'" + text + "' is not a community (expected AS:value, each"
                            + " 0..65535, or no-export, no-advertise, no-export-subconfed, blackhole,"
                            + " graceful-shutdown)");
                }
                return (int) (parts[0] << 16 | parts[1]);
        }
    }

    /** Parses {@code "a:b:c"}, each part 0..4294967295, into three ints. */
    public static int[] parseLargeCommunity(String text) {
        long[] parts = parts(text.trim(), 3, 0xFFFF_FFFFL);
        if (parts == null) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a large community (expected a:b:c, each 0..4294967295)");
        }
        return new int[] {(int) parts[0], (int) parts[1], (int) parts[2]};
    }

    /** {@code "65000:100"}, or the well-known name. */
    public static String formatCommunity(int value) {
        switch (value) {
            case NO_EXPORT:
                return "no-export";
            case NO_ADVERTISE:
                return "no-advertise";
            case NO_EXPORT_SUBCONFED:
                return "no-export-subconfed";
            case BLACKHOLE:
                return "blackhole";
            case GRACEFUL_SHUTDOWN:
                return "graceful-shutdown";
            default:
                return (value >>> 16) + ":" + (value & 0xFFFF);
        }
    }

    /** {@code n} decimal parts separated by ':', each at most {@code max}; null if malformed. */
    private static long[] parts(String t, int n, long max) {
        long[] out = new long[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = i == n - 1 ? t.length() : t.indexOf(':', start);
            if (end < 0 || end == start || end - start > 10) {
                return null;
            }
            long v = 0;
            for (int k = start; k < end; k++) {
                char c = t.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > max) {
                return null;
            }
            out[i] = v;
            start = end + 1;
        }
        return out;
    }
}
