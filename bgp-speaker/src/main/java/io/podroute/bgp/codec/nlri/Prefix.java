package io.podroute.bgp.codec.nlri;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix with no object inside: the address is held in two longs ({@code hi} is the
 * whole IPv4 address as an unsigned value, or the upper 64 bits of an IPv6 address; {@code lo} is the
 * lower 64 bits of an IPv6 address and 0 for IPv4). Host bits beyond the length are always zero.
 */
public record Prefix(boolean ipv6, long hi, long lo, int length) implements Comparable<Prefix> {
    public Prefix {
        int max = ipv6 ? 128 : 32;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max);
        }
        if (!ipv6 && (hi < 0 || hi > 0xFFFF_FFFFL || lo != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
        if (ipv6) {
            hi &= mask64(length);
            lo &= mask64(length - 64);
        } else {
            hi &= mask32(length) & 0xFFFF_FFFFL;
        }
    }

    public static Prefix ipv4(int address, int length) {
        return new Prefix(false, address & 0xFFFF_FFFFL, 0, length);
    }

    public static Prefix ipv6(long hi, long lo, int length) {
        return new Prefix(true, hi, lo, length);
    }

    /** Parses "10.1.0.0/24" or "2001:db8::/64"; a missing length means a host prefix. */
    public static Prefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = parseAddress(addr);
        int max = bytes.length * 8;
        int len = max;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
            }
        }
        if (len < 0 || len > max) {
            throw new IllegalArgumentException("prefix length out of range 0.." + max + " in '" + text + "'");
        }
        return fromBytes(bytes, len);
    }

    /** The prefix for a 4- or 16-byte address and a length. */
    public static Prefix fromBytes(byte[] address, int length) {
        if (address.length == 4) {
            return ipv4(readInt(address, 0), length);
        }
        if (address.length == 16) {
            return ipv6(readLong(address, 0), readLong(address, 8), length);
        }
        throw new IllegalArgumentException("address must be 4 or 16 bytes, was " + address.length);
    }

    /** Parses a literal IPv4 or IPv6 address, never a host name (no DNS look-up). */
    public static byte[] parseAddress(String addr) {
        if (addr.isEmpty()
                || !(addr.indexOf(':') >= 0 || addr.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
            throw new IllegalArgumentException("not an IP address literal: '" + addr + "'");
        }
        if (addr.indexOf(':') < 0) {
            String[] parts = addr.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: '" + addr + "'");
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + addr + "'");
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + addr + "'");
                }
                b[i] = (byte) v;
            }
            return b;
        }
        try {
            byte[] b = InetAddress.getByName(addr.startsWith("[") ? addr : "[" + addr + "]")
                    .getAddress();
            if (b.length == 4) {
                // InetAddress turns IPv4-mapped IPv6 (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) into an IPv4 address.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(b, 0, mapped, 12, 4);
                b = mapped;
            }
            if (b.length != 16) {
                throw new IllegalArgumentException("not an IPv6 address: '" + addr + "'");
            }
            return b;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: '" + addr + "'", e);
        }
    }

    /** The address as 4 or 16 bytes. */
    public byte[] addressBytes() {
        if (!ipv6) {
            int a = (int) hi;
            return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public Family family() {
        return ipv6 ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
    }

    /** True if {@code other} lies inside this prefix (same family, longer or equal length). */
    public boolean contains(Prefix other) {
        if (other.ipv6 != ipv6 || other.length < length) {
            return false;
        }
        return new Prefix(ipv6, other.hi, other.lo, length).equals(this);
    }

    @Override
    public int compareTo(Prefix o) {
        int c = Boolean.compare(ipv6, o.ipv6);
        if (c == 0) {
            c = Long.compareUnsigned(hi, o.hi);
        }
        if (c == 0) {
            c = Long.compareUnsigned(lo, o.lo);
        }
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return formatAddress(addressBytes()) + "/" + length;
    }

    /** Formats 4 or 16 bytes as an IPv4 dotted quad or a compressed IPv6 address (RFC 5952). */
    public static String formatAddress(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        if (a.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, was " + a.length);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    static long mask64(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    static int mask32(int bits) {
        return bits <= 0 ? 0 : -1 << (32 - bits);
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static long readLong(byte[] b, int off) {
        return ((long) readInt(b, off) << 32) | (readInt(b, off + 4) & 0xFFFF_FFFFL);
    }
}
