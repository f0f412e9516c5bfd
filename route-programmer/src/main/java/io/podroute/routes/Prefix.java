package io.podroute.routes;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix with host bits cleared. Stored as raw bytes so that parsing never does a
 * DNS lookup and equality is cheap.
 */
public final class Prefix {
    private final byte[] address;
    private final int length;
    private final int hash;

    private Prefix(byte[] address, int length) {
        int bits = address.length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for " + bits + " bits");
        }
        this.address = mask(address.clone(), length);
        this.length = length;
        this.hash = hash(this.address, length);
    }

    /** The IPv4 prefix {@code address/length} (host bits cleared), the address as a 32-bit int. */
    public static Prefix ofIpv4(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for 32 bits");
        }
        int a = length == 0 ? 0 : address & (-1 << (32 - length));
        return new Prefix(length, new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    }

    /** Takes {@code masked} as it is: already masked, owned by the new prefix. */
    private Prefix(int length, byte[] masked) {
        this.address = masked;
        this.length = length;
        this.hash = hash(masked, length);
    }

    /** An IPv4 prefix's address as a 32-bit int (no copy). */
    public int ipv4Bits() {
        if (address.length != 4) {
            throw new IllegalStateException("not an IPv4 prefix: " + this);
        }
        return (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff);
    }

    public static Prefix of(byte[] address, int length) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        return new Prefix(address, length);
    }

    public static Prefix of(InetAddress address, int length) {
        return new Prefix(address.getAddress(), length);
    }

    /** Parses {@code "10.1.0.0/24"}, {@code "fd00::/64"}; a bare address is a host prefix. */
    public static Prefix parse(String text) {
        int slash = text.indexOf('/');
        byte[] addr = Addresses.parse(slash < 0 ? text : text.substring(0, slash));
        int len = slash < 0 ? addr.length * 8 : Integer.parseInt(text.substring(slash + 1));
        return new Prefix(addr, len);
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    public int family() {
        return isIpv4() ? 2 : 10;
    }

    public byte[] address() {
        return address.clone();
    }

    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public int length() {
        return length;
    }

    /** Writes the address bytes without a copy. */
    public void writeAddress(ByteBuffer buf) {
        buf.put(address);
    }

    /**
     * Hashes the address as 32-bit words. (Arrays.hashCode over bytes collides heavily for
     * neighbouring addresses: 10.1.2.3 and 10.1.3.-28 differ by 31 and 1 and hash alike, which turned
     * HashMap bins into trees for large route sets.)
     */
    /**
     * Mixes every address bit into the low bits: prefixes of one length differ only in their high
     * bits (consecutive /24s, /26 pod blocks), and HashMap indexes by the low bits, so a plain
     * multiply-xor put a million /24s into 65 536 buckets (tree bins, 72 B per entry, slow look-ups).
     * The final step is MurmurHash3's 32-bit finaliser.
     */
    private static int hash(byte[] a, int len) {
        int h = len;
        for (int i = 0; i < a.length; i += 4) {
            int word = (a[i] & 0xff) << 24 | (a[i + 1] & 0xff) << 16 | (a[i + 2] & 0xff) << 8 | (a[i + 3] & 0xff);
            h = (h ^ word) * 0x9E3779B1;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    private static byte[] mask(byte[] a, int len) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, len - i * 8));
            a[i] &= (byte) (0xff << (8 - keep));
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.hash == hash && p.length == length && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + length;
    }

    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
