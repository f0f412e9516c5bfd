package io.podroute.bgp.codec.property;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generators for families, addresses, prefixes and prefix lists. IPv6 addresses are biased towards
 * runs of zero groups (so RFC 5952 compression is exercised), all-ones groups and IPv4-mapped
 * addresses; prefix lengths towards the byte and word boundaries.
 */
final class NlriArbitraries {
    /** Families that exist in the wild but that podroute keeps as opaque bytes. */
    private static final List<Family> UNSUPPORTED_KNOWN = List.of(
            new Family(1, 2), // IPv4 multicast
            new Family(1, 4), // IPv4 labeled unicast
            new Family(1, 128), // VPNv4
            new Family(2, 128), // VPNv6
            new Family(25, 70), // L2VPN EVPN
            new Family(16388, 71)); // BGP-LS

    private NlriArbitraries() {}

    static Arbitrary<Boolean> booleans() {
        return Arbitraries.of(true, false);
    }

    /** Any family podroute does not decode into prefixes. */
    static Arbitrary<Family> unsupportedFamily() {
        Arbitrary<Family> random = Combinators.combine(
                        Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.integers().between(0, 0xFF))
                .as(Family::of)
                .filter(f -> !f.isSupported());
        return Arbitraries.oneOf(Arbitraries.of(UNSUPPORTED_KNOWN), random);
    }

    /** IPv4 unicast, IPv6 unicast or anything else. */
    static Arbitrary<Family> anyFamily() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)),
                Tuple.of(1, unsupportedFamily()));
    }

    static Arbitrary<Prefix> ipv4Prefix() {
        return Combinators.combine(
                        Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as(Prefix::ipv4);
    }

    /** 16 bytes: eight groups biased to 0 and 0xffff, IPv4-mapped, or uniformly random. */
    static Arbitrary<byte[]> ipv6Address() {
        Arbitrary<Integer> group = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0)),
                Tuple.of(4, Arbitraries.integers().between(0, 0xFFFF)),
                Tuple.of(1, Arbitraries.just(0xFFFF)));
        Arbitrary<byte[]> grouped = group.list().ofSize(8).map(NlriArbitraries::fromGroups);
        Arbitrary<byte[]> mapped = Arbitraries.integers().map(NlriArbitraries::ipv4Mapped);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(16);
        return Arbitraries.frequencyOf(Tuple.of(6, grouped), Tuple.of(1, mapped), Tuple.of(3, random));
    }

    static Arbitrary<Prefix> ipv6Prefix() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 128)),
                Tuple.of(2, Arbitraries.of(0, 1, 7, 8, 9, 63, 64, 65, 96, 120, 127, 128)));
        return Combinators.combine(ipv6Address(), length).as(Prefix::fromBytes);
    }

    static Arbitrary<Prefix> prefix(boolean ipv6) {
        return ipv6 ? ipv6Prefix() : ipv4Prefix();
    }

    /**
     * A prefix list of one family with up to {@code maxSize} entries; with {@code addPath} every entry
     * has a path id (as a decoder produces them), otherwise none.
     */
    static Arbitrary<PrefixList> prefixList(boolean ipv6, boolean addPath, int maxSize) {
        if (!addPath) {
            return prefix(ipv6).list().ofMaxSize(maxSize).map(l -> PrefixList.of(ipv6, l));
        }
        return Combinators.combine(prefix(ipv6), Arbitraries.integers())
                .as(Tuple::of)
                .list()
                .ofMaxSize(maxSize)
                .map(entries -> withPathIds(ipv6, entries));
    }

    private static PrefixList withPathIds(boolean ipv6, List<Tuple2<Prefix, Integer>> entries) {
        List<Prefix> prefixes = new ArrayList<>(entries.size());
        int[] ids = new int[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            prefixes.add(entries.get(i).get1());
            ids[i] = entries.get(i).get2();
        }
        return PrefixList.of(ipv6, prefixes, ids);
    }

    static byte[] fromGroups(List<Integer> groups) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups.get(i) >>> 8);
            b[2 * i + 1] = (byte) (int) groups.get(i);
        }
        return b;
    }

    static byte[] ipv4Mapped(int v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        b[12] = (byte) (v4 >>> 24);
        b[13] = (byte) (v4 >>> 16);
        b[14] = (byte) (v4 >>> 8);
        b[15] = (byte) v4;
        return b;
    }

    static int[] toInts(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    static long[] toLongs(List<Long> list) {
        long[] a = new long[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    /** Byte arrays of {@code min..max} bytes, usually short, sometimes of {@code longMin..longMax}. */
    static Arbitrary<byte[]> bytes(int max, int longMin, int longMax) {
        return Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.bytes().array(byte[].class).ofMaxSize(max)),
                Tuple.of(
                        1,
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofMinSize(longMin)
                                .ofMaxSize(longMax)));
    }
}
