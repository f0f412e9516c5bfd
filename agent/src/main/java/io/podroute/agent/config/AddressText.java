package io.podroute.agent.config;

import io.podroute.bgp.codec.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Addresses as the config writes them: IP literals only (never a host name, so loading a config does
 * no DNS look-up) and {@code addr:port} with IPv6 in brackets ({@code "[fd00::1]:179"}).
 */
public final class AddressText {
    private AddressText() {}

    /** An IPv4 or IPv6 literal. */
    public static InetAddress ip(String text) {
        byte[] bytes;
        try {
            bytes = Prefix.parseAddress(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
        }
    }

    /** A dotted-quad router id as the 32-bit value of the OPEN's BGP Identifier. */
    public static int routerId(String text) {
        InetAddress a;
        try {
            a = ip(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an IPv4 address (write the router id as a dotted quad)", e);
        }
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an IPv4 address (write the router id as a dotted quad)");
        }
        byte[] b = a.getAddress();
        int id = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        if (id == 0) {
            throw new IllegalArgumentException("0.0.0.0 is not a valid router id");
        }
        return id;
    }

    /**
     * {@code "10.0.0.1:179"} or {@code "[fd00::1]:179"}; the port must lie in {@code minPort}..65535.
     */
    public static InetSocketAddress socket(String text, int minPort) {
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6]:port");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + text + "' is not addr:port");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not addr:port (write an IPv6 address in brackets: [addr]:port)");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + port + "' is not a port number", e);
        }
        if (p < minPort || p > 0xFFFF) {
            throw new IllegalArgumentException("'" + text + "': port " + p + " is outside " + minPort + "..65535");
        }
        return new InetSocketAddress(ip(host), p);
    }

    /** {@code 10.0.0.1:179} or {@code [fd00::1]:179}. */
    public static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof Inet4Address ? host : "[" + host + "]") + ":" + a.getPort();
    }
}
