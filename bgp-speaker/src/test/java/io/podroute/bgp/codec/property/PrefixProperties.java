package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property (5): prefixes print and parse back, host bits never survive (built or decoded), and IPv6
 * text is the RFC 5952 canonical form, checked against known vectors, an independent reference
 * formatter, and the JDK's uncompressed formatting.
 */
class PrefixProperties {
    @Property(tries = 500)
    void prefixParsesFromItsText(@ForAll("prefixes") Prefix p) {
        assertEquals(p, Prefix.parse(p.toString()));
    }

    @Property(tries = 300)
    void hostBitsAreMaskedWhenBuilt(@ForAll("addresses") byte[] address, @ForAll("lengthSeeds") int seed) {
        int length = seed % (address.length * 8 + 1);
        Prefix p = Prefix.fromBytes(address, length);
        assertArrayEquals(masked(address, length), p.addressBytes());
        assertEquals(p, Prefix.fromBytes(masked(address, length), length));
        assertEquals(length, p.length());
    }

    /** RFC 4271 §4.3: trailing bits are irrelevant on receipt; podroute clears them and sends zeros. */
    @Property(tries = 300)
    void hostBitsAreMaskedWhenDecoded(@ForAll("addresses") byte[] address, @ForAll("lengthSeeds") int seed) {
        boolean ipv6 = address.length == 16;
        int length = seed % (address.length * 8 + 1);
        int bytes = (length + 7) / 8;
        byte[] wire = new Bytes()
                .u8(length)
                .raw(java.util.Arrays.copyOf(address, bytes))
                .toArray();
        ByteBuf buf = Unpooled.buffer().writeBytes(wire);
        try {
            PrefixList list = PrefixList.decode(buf, wire.length, ipv6, false, NotificationCode.INVALID_NETWORK_FIELD);
            assertEquals(List.of(Prefix.fromBytes(masked(address, length), length)), list.asList());
            buf.clear();
            list.encode(buf, false);
            byte[] expected = new Bytes()
                    .u8(length)
                    .raw(java.util.Arrays.copyOf(masked(address, length), bytes))
                    .toArray();
            assertArrayEquals(expected, ByteBufUtil.getBytes(buf));
        } finally {
            RoundTrip.release(buf);
        }
    }

    @Property(tries = 500)
    void ipv6TextIsRfc5952(@ForAll("ipv6Addresses") byte[] address) throws UnknownHostException {
        String text = Prefix.formatAddress(address);
        assertEquals(rfc5952(address), text);
        // The JDK writes every group, without leading zeros and in lower case: the same text once "::"
        // is expanded.
        assertEquals(Inet6Address.getByAddress(null, address, -1).getHostAddress(), expand(text));
        // And reads it back to the same address (IPv4-mapped text comes back as an Inet4Address).
        byte[] back = InetAddress.getByName("[" + text + "]").getAddress();
        assertArrayEquals(address, back.length == 4 ? NlriArbitraries.ipv4Mapped(toInt(back)) : back);
        assertArrayEquals(address, Prefix.parseAddress(text));
    }

    @Example
    void ipv6TextKnownVectors() {
        // RFC 5952 §4.1 (no leading zeros), §4.2.1 (longest run), §4.2.2 (not a single group),
        // §4.2.3 (first of equal runs), §4.3 (lower case).
        String[][] vectors = {
            {"20010db8000000000000000000000001", "2001:db8::1"},
            {"20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1"},
            {"20010000000000010000000000000001", "2001:0:0:1::1"},
            {"20010db8000000000001000000000001", "2001:db8::1:0:0:1"},
            {"20010db8aaaabbbbccccddddeeee0aaa", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaa"},
            {"00000000000000000000000000000000", "::"},
            {"00000000000000000000000000000001", "::1"},
            {"00010000000000000000000000000000", "1::"},
            {"fe800000000000000000000000000001", "fe80::1"},
            {"00000000000000000000ffffc0000201", "::ffff:c000:201"},
            {"000100000000000100000000000000ff", "1:0:0:1::ff"},
            {"ffffffffffffffffffffffffffffffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
        };
        for (String[] v : vectors) {
            byte[] address = HexFormat.of().parseHex(v[0]);
            assertEquals(v[1], Prefix.formatAddress(address), v[0]);
            assertArrayEquals(address, Prefix.parseAddress(v[1]), v[1]);
        }
    }

    /** PrefixList prints its entries as prefixes (and path ids): parsing them back gives the same list. */
    @Property(tries = 300)
    void prefixListParsesFromItsText(@ForAll("prefixLists") PrefixList list) {
        String text = list.toString();
        List<Prefix> prefixes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        String inner = text.substring(1, text.length() - 1);
        if (!inner.isEmpty()) {
            for (String entry : inner.split(", ", -1)) {
                String[] parts = entry.split(" path-id ", -1);
                prefixes.add(Prefix.parse(parts[0]));
                if (parts.length == 2) {
                    ids.add(Integer.parseUnsignedInt(parts[1]));
                }
            }
        }
        PrefixList parsed = list.hasPathIds()
                ? PrefixList.of(list.ipv6(), prefixes, NlriArbitraries.toInts(ids))
                : PrefixList.of(list.ipv6(), prefixes);
        assertEquals(list, parsed);
        assertEquals(list.asList(), parsed.asList());
    }

    /** Encode and decode with and without path ids; the length reported is the length written. */
    @Property(tries = 300)
    void prefixListWireRoundTrip(@ForAll("prefixLists") PrefixList list) {
        boolean addPath = list.hasPathIds();
        ByteBuf buf = Unpooled.buffer();
        try {
            list.encode(buf, addPath);
            assertEquals(list.encodedLength(addPath), buf.readableBytes());
            byte[] wire = ByteBufUtil.getBytes(buf);
            PrefixList back =
                    PrefixList.decode(buf, wire.length, list.ipv6(), addPath, NotificationCode.INVALID_NETWORK_FIELD);
            assertEquals(list, back);
            assertEquals(list.hashCode(), back.hashCode());
            buf.clear();
            back.encode(buf, addPath);
            assertArrayEquals(wire, ByteBufUtil.getBytes(buf));
        } finally {
            RoundTrip.release(buf);
        }
    }

    // ---- references

    static byte[] masked(byte[] address, int length) {
        byte[] m = address.clone();
        for (int bit = length; bit < m.length * 8; bit++) {
            m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return m;
    }

    /** RFC 5952 §4: lower-case groups without leading zeros; the first longest run of 2+ zero groups is "::". */
    static String rfc5952(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xFF) << 8 | (a[2 * i + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; i++) {
            int n = 0;
            while (i + n < 8 && g[i + n] == 0) {
                n++;
            }
            if (n >= 2 && n > runLength) {
                runStart = i;
                runLength = n;
            }
        }
        if (runStart < 0) {
            return join(g, 0, 8);
        }
        return join(g, 0, runStart) + "::" + join(g, runStart + runLength, 8);
    }

    private static String join(int[] g, int from, int to) {
        StringJoiner j = new StringJoiner(":");
        for (int i = from; i < to; i++) {
            j.add(Integer.toHexString(g[i]));
        }
        return j.toString();
    }

    /** "::" written out as the zero groups it stands for. */
    static String expand(String text) {
        int dc = text.indexOf("::");
        if (dc < 0) {
            return text;
        }
        String head = text.substring(0, dc);
        String tail = text.substring(dc + 2);
        int present =
                (head.isEmpty() ? 0 : head.split(":", -1).length) + (tail.isEmpty() ? 0 : tail.split(":", -1).length);
        StringJoiner j = new StringJoiner(":");
        if (!head.isEmpty()) {
            j.add(head);
        }
        for (int i = present; i < 8; i++) {
            j.add("0");
        }
        if (!tail.isEmpty()) {
            j.add(tail);
        }
        return j.toString();
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    // ---- generators

    @Provide
    Arbitrary<Prefix> prefixes() {
        return Arbitraries.oneOf(NlriArbitraries.ipv4Prefix(), NlriArbitraries.ipv6Prefix());
    }

    @Provide
    Arbitrary<byte[]> ipv6Addresses() {
        return NlriArbitraries.ipv6Address();
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4), NlriArbitraries.ipv6Address());
    }

    @Provide
    Arbitrary<Integer> lengthSeeds() {
        return Arbitraries.integers().between(0, 128 * 129);
    }

    @Provide
    Arbitrary<PrefixList> prefixLists() {
        return Combinators.combine(NlriArbitraries.booleans(), NlriArbitraries.booleans())
                .flatAs((ipv6, addPath) -> NlriArbitraries.prefixList(ipv6, addPath, 30));
    }
}
