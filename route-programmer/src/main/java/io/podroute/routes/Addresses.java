package io.podroute.routes;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal IP address parsing and formatting without name resolution. */
public final class Addresses {
    private Addresses() {}

    /** Parses a literal IPv4 or IPv6 address; rejects host names (never resolves). */
    public static byte[] parse(String text) {
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || Character.digit(text.charAt(0), 10) >= 0)) {
            throw new IllegalArgumentException("not an IP literal: " + text);
        }
        if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IPv4 literal: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }

    public static InetAddress inet(String text) {
        try {
            return InetAddress.getByAddress(parse(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public static InetAddress inet(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + raw.length, e);
        }
    }

    /** The canonical text form: dotted quad, or RFC 5952 compressed IPv6. */
    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    public static String format(InetAddress a) {
        return format(a.getAddress());
    }
}
