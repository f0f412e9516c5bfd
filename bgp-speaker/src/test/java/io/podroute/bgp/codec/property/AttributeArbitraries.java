package io.podroute.bgp.codec.property;

import static io.podroute.bgp.codec.property.NlriArbitraries.bytes;
import static io.podroute.bgp.codec.property.NlriArbitraries.prefixList;
import static io.podroute.bgp.codec.property.NlriArbitraries.toInts;
import static io.podroute.bgp.codec.property.NlriArbitraries.toLongs;
import static io.podroute.bgp.codec.property.NlriArbitraries.unsupportedFamily;

import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.Aggregator;
import io.podroute.bgp.codec.attribute.As4Aggregator;
import io.podroute.bgp.codec.attribute.As4Path;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.AtomicAggregate;
import io.podroute.bgp.codec.attribute.AttributeCodec;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.ExtendedCommunities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.nlri.Family;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One generator per path attribute type, each yielding only values that a valid UPDATE may carry in
 * the given {@link CodecContext}: AS numbers are never 0 (RFC 7607) and fit 2 octets on a 2-octet-AS
 * session (where AS_TRANS would replace them), next hops are unicast (RFC 4271 §6.3), AS4_PATH holds
 * no confederation segments (RFC 6793 §3). Element counts are usually small and sometimes large
 * enough for a value over 255 bytes, which needs the Extended Length bit.
 */
final class AttributeArbitraries {
    private AttributeArbitraries() {}

    /** The wire flags for {@code a}: its Optional/Transitive bits, Partial only on optional transitive. */
    static int wireFlags(PathAttribute a, CodecContext ctx, boolean extendedLength, boolean partial) {
        int f = a.defaultFlags() & 0xE0;
        boolean optionalTransitive = (f & 0xC0) == 0xC0;
        if (partial && optionalTransitive && !(a instanceof UnknownAttribute)) {
            f |= PathAttribute.FLAG_PARTIAL;
        }
        if (extendedLength || a.valueLength(ctx) > 255) {
            f |= PathAttribute.FLAG_EXTENDED_LENGTH;
        }
        return f;
    }

    static Arbitrary<CodecContext> contexts() {
        Arbitrary<Boolean> b = NlriArbitraries.booleans();
        return Combinators.combine(b, b, b, b).as(CodecContext::new);
    }

    /** A non-zero AS number; at most 65535 unless the session has 4-octet AS numbers. */
    static Arbitrary<Integer> asn(boolean fourOctet) {
        Arbitrary<Integer> small = Arbitraries.integers().between(1, 0xFFFF);
        if (!fourOctet) {
            return small;
        }
        return Arbitraries.oneOf(
                small, Arbitraries.integers().filter(a -> a != 0), Arbitraries.of(23456, 65536, -1, (int)
                        4_200_000_000L));
    }

    static Arbitrary<AsPathSegment> segment(Arbitrary<Integer> asn, AsPathSegment.Type... types) {
        Arbitrary<List<Integer>> asns = Arbitraries.frequencyOf(
                Tuple.of(9, asn.list().ofMinSize(1).ofMaxSize(10)),
                Tuple.of(1, asn.list().ofMinSize(64).ofMaxSize(255)));
        return Combinators.combine(Arbitraries.of(types), asns).as((t, l) -> new AsPathSegment(t, toInts(l)));
    }

    static Arbitrary<PathAttribute> origin() {
        return Arbitraries.integers().between(0, 2).map(Origin::of);
    }

    static Arbitrary<PathAttribute> asPath(CodecContext ctx) {
        return segment(asn(ctx.fourOctetAs()), AsPathSegment.Type.values())
                .list()
                .ofMaxSize(3)
                .map(AsPath::new);
    }

    /** A unicast IPv4 address: not 0.0.0.0, not multicast or class E. */
    static Arbitrary<Integer> unicastIpv4() {
        return Arbitraries.longs().between(1, 0xDFFF_FFFFL).map(Long::intValue);
    }

    static Arbitrary<PathAttribute> nextHop() {
        return unicastIpv4().map(NextHop::new);
    }

    static Arbitrary<PathAttribute> multiExitDisc() {
        return Arbitraries.integers().map(MultiExitDisc::new);
    }

    static Arbitrary<PathAttribute> localPref() {
        return Arbitraries.integers().map(LocalPref::new);
    }

    static Arbitrary<PathAttribute> atomicAggregate() {
        return Arbitraries.just(AtomicAggregate.INSTANCE);
    }

    static Arbitrary<PathAttribute> aggregator(CodecContext ctx) {
        return Combinators.combine(asn(ctx.fourOctetAs()), Arbitraries.integers())
                .as(Aggregator::new);
    }

    static Arbitrary<PathAttribute> communities() {
        return ints(1, 8, 64, 100).map(Communities::new);
    }

    static Arbitrary<PathAttribute> originatorId() {
        return Arbitraries.integers().map(OriginatorId::new);
    }

    static Arbitrary<PathAttribute> clusterList() {
        return ints(1, 6, 64, 80).map(ClusterList::new);
    }

    static Arbitrary<PathAttribute> extendedCommunities() {
        Arbitrary<List<Long>> values = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.longs().list().ofMinSize(1).ofMaxSize(8)),
                Tuple.of(1, Arbitraries.longs().list().ofMinSize(32).ofMaxSize(40)));
        return values.map(l -> new ExtendedCommunities(toLongs(l)));
    }

    static Arbitrary<PathAttribute> largeCommunities() {
        // whole triples only: 3..15 ints usually, 66..90 (over 255 bytes) sometimes
        return ints(3, 15, 66, 90).map(a -> new LargeCommunities(Arrays.copyOf(a, a.length / 3 * 3)));
    }

    static Arbitrary<PathAttribute> as4Path() {
        Arbitrary<Integer> asn = asn(true);
        return segment(asn, AsPathSegment.Type.AS_SEQUENCE, AsPathSegment.Type.AS_SET)
                .list()
                .ofMaxSize(3)
                .map(As4Path::new);
    }

    static Arbitrary<PathAttribute> as4Aggregator() {
        return Combinators.combine(asn(true), Arbitraries.integers()).as(As4Aggregator::new);
    }

    /** A global IPv6 next hop: not ::, not multicast. */
    static Arbitrary<byte[]> ipv6NextHop16() {
        return NlriArbitraries.ipv6Address().map(b -> {
            byte[] a = b.clone();
            if (a[0] == (byte) 0xFF) {
                a[0] = 0x20;
            }
            a[15] |= 1;
            return a;
        });
    }

    /** Global plus link-local (RFC 2545 §3). */
    static Arbitrary<byte[]> ipv6NextHop32() {
        return Combinators.combine(
                        ipv6NextHop16(), Arbitraries.bytes().array(byte[].class).ofSize(16))
                .as((g, l) -> {
                    byte[] a = new byte[32];
                    System.arraycopy(g, 0, a, 0, 16);
                    System.arraycopy(l, 0, a, 16, 16);
                    a[16] = (byte) 0xFE;
                    a[17] = (byte) 0x80;
                    return a;
                });
    }

    static Arbitrary<byte[]> ipv4NextHop() {
        return unicastIpv4()
                .map(a -> new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) (int) a});
    }

    static Arbitrary<PathAttribute> mpReach(CodecContext ctx) {
        Arbitrary<PathAttribute> v4 = Combinators.combine(
                        Arbitraries.oneOf(ipv4NextHop(), ipv6NextHop16(), ipv6NextHop32()),
                        prefixList(false, ctx.addPathIpv4(), 20))
                .as((nh, l) -> MpReachNlri.of(Family.IPV4_UNICAST, nh, l));
        Arbitrary<PathAttribute> v6 = Combinators.combine(
                        Arbitraries.oneOf(ipv6NextHop16(), ipv6NextHop32()), prefixList(true, ctx.addPathIpv6(), 20))
                .as((nh, l) -> MpReachNlri.of(Family.IPV6_UNICAST, nh, l));
        Arbitrary<PathAttribute> other = Combinators.combine(
                        unsupportedFamily(), bytes(40, 40, 255), bytes(64, 200, 400))
                .as((f, nh, raw) -> new MpReachNlri(f, nh, null, raw));
        return Arbitraries.oneOf(v4, v6, other);
    }

    static Arbitrary<PathAttribute> mpUnreach(CodecContext ctx) {
        Arbitrary<PathAttribute> v4 =
                prefixList(false, ctx.addPathIpv4(), 20).map(l -> MpUnreachNlri.of(Family.IPV4_UNICAST, l));
        Arbitrary<PathAttribute> v6 =
                prefixList(true, ctx.addPathIpv6(), 20).map(l -> MpUnreachNlri.of(Family.IPV6_UNICAST, l));
        Arbitrary<PathAttribute> other = Combinators.combine(unsupportedFamily(), bytes(64, 200, 400))
                .as((f, raw) -> new MpUnreachNlri(f, null, raw));
        return Arbitraries.oneOf(v4, v6, other);
    }

    /** An optional attribute of a type podroute does not know, with Transitive and Partial at random. */
    static Arbitrary<UnknownAttribute> unknownAttribute() {
        Arbitrary<Integer> type = Arbitraries.integers().between(0, 255).filter(t -> !AttributeCodec.isKnown(t));
        Arbitrary<Integer> flags = Arbitraries.of(
                PathAttribute.FLAG_OPTIONAL,
                PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE,
                PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE | PathAttribute.FLAG_PARTIAL);
        return Combinators.combine(flags, type, bytes(40, 200, 400)).as(UnknownAttribute::new);
    }

    private static Arbitrary<int[]> ints(int min, int max, int longMin, int longMax) {
        Arbitrary<List<Integer>> values = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.integers().list().ofMinSize(min).ofMaxSize(max)),
                Tuple.of(1, Arbitraries.integers().list().ofMinSize(longMin).ofMaxSize(longMax)));
        return values.map(NlriArbitraries::toInts);
    }
}
