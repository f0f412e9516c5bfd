package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.Aggregator;
import io.podroute.bgp.codec.attribute.As4Aggregator;
import io.podroute.bgp.codec.attribute.As4Path;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
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
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property (4) for path attributes, one property per type: the attribute, with random valid wire
 * flags, encodes to the header and value bytes of an independent reference encoding, decodes back to
 * an equal attribute with the same flags and no error, and re-encodes to the same bytes.
 */
class AttributeProperties {
    /** A context, an attribute valid in it, and the flags it goes on the wire with. */
    record Case(CodecContext ctx, PathAttribute attribute, int flags) {}

    @Property(tries = 100)
    void origin(@ForAll("origins") Case c) {
        check(c, new Bytes().u8(((Origin) c.attribute()).value()));
    }

    @Property(tries = 300)
    void asPath(@ForAll("asPaths") Case c) {
        check(c, segments(((AsPath) c.attribute()).segments(), c.ctx().asnWidth()));
    }

    @Property(tries = 100)
    void nextHop(@ForAll("nextHops") Case c) {
        check(c, new Bytes().u32(((NextHop) c.attribute()).address()));
    }

    @Property(tries = 100)
    void multiExitDisc(@ForAll("multiExitDiscs") Case c) {
        check(c, new Bytes().u32(((MultiExitDisc) c.attribute()).value()));
    }

    @Property(tries = 100)
    void localPref(@ForAll("localPrefs") Case c) {
        check(c, new Bytes().u32(((LocalPref) c.attribute()).value()));
    }

    @Property(tries = 20)
    void atomicAggregate(@ForAll("atomicAggregates") Case c) {
        check(c, new Bytes());
    }

    @Property(tries = 200)
    void aggregator(@ForAll("aggregators") Case c) {
        Aggregator a = (Aggregator) c.attribute();
        Bytes b = new Bytes();
        if (c.ctx().fourOctetAs()) {
            b.u32(a.asn());
        } else {
            b.u16(a.asn());
        }
        check(c, b.u32(a.address()));
    }

    @Property(tries = 200)
    void communities(@ForAll("communities") Case c) {
        Bytes b = new Bytes();
        for (int v : ((Communities) c.attribute()).values()) {
            b.u32(v);
        }
        check(c, b);
    }

    @Property(tries = 100)
    void originatorId(@ForAll("originatorIds") Case c) {
        check(c, new Bytes().u32(((OriginatorId) c.attribute()).id()));
    }

    @Property(tries = 200)
    void clusterList(@ForAll("clusterLists") Case c) {
        Bytes b = new Bytes();
        for (int v : ((ClusterList) c.attribute()).ids()) {
            b.u32(v);
        }
        check(c, b);
    }

    @Property(tries = 400)
    void mpReachNlri(@ForAll("mpReaches") Case c) {
        MpReachNlri m = (MpReachNlri) c.attribute();
        byte[] nh = m.nextHop();
        Bytes b = new Bytes()
                .u16(m.family().afi())
                .u8(m.family().safi())
                .u8(nh.length)
                .raw(nh)
                .u8(0);
        check(c, m.nlri() != null ? nlri(b, m.nlri(), c.ctx().addPath(m.family())) : b.raw(m.opaqueNlri()));
    }

    @Property(tries = 400)
    void mpUnreachNlri(@ForAll("mpUnreaches") Case c) {
        MpUnreachNlri m = (MpUnreachNlri) c.attribute();
        Bytes b = new Bytes().u16(m.family().afi()).u8(m.family().safi());
        check(c, m.withdrawn() != null ? nlri(b, m.withdrawn(), c.ctx().addPath(m.family())) : b.raw(m.opaqueNlri()));
    }

    @Property(tries = 200)
    void extendedCommunities(@ForAll("extendedCommunities") Case c) {
        Bytes b = new Bytes();
        for (long v : ((ExtendedCommunities) c.attribute()).values()) {
            b.u64(v);
        }
        check(c, b);
    }

    @Property(tries = 200)
    void as4Path(@ForAll("as4Paths") Case c) {
        check(c, segments(((As4Path) c.attribute()).segments(), 4));
    }

    @Property(tries = 100)
    void as4Aggregator(@ForAll("as4Aggregators") Case c) {
        As4Aggregator a = (As4Aggregator) c.attribute();
        check(c, new Bytes().u32(a.asn()).u32(a.address()));
    }

    @Property(tries = 200)
    void largeCommunity(@ForAll("largeCommunities") Case c) {
        Bytes b = new Bytes();
        for (int v : ((LargeCommunities) c.attribute()).values()) {
            b.u32(v);
        }
        check(c, b);
    }

    @Property(tries = 300)
    void unknownOptionalAttribute(@ForAll("unknowns") Case c) {
        UnknownAttribute u = (UnknownAttribute) c.attribute();
        assertEquals(u.flags(), c.flags() & 0xE0, "an unknown attribute carries its wire flags");
        check(c, new Bytes().raw(u.value()));
    }

    /** Encodes the case, compares with flags, type, length and {@code value}, decodes, re-encodes. */
    private static void check(Case c, Bytes value) {
        PathAttribute a = c.attribute();
        byte[] v = value.toArray();
        boolean ext = (c.flags() & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
        Bytes expected = new Bytes().u8(c.flags()).u8(a.typeCode());
        if (ext) {
            expected.u16(v.length);
        } else {
            expected.u8(v.length);
        }
        expected.raw(v);

        PathAttributes attrs = PathAttributes.withFlags(List.of(a), new byte[] {(byte) c.flags()});
        assertEquals(expected.size(), attrs.encodedLength(c.ctx()));
        ByteBuf buf = Unpooled.buffer();
        try {
            attrs.encode(buf, c.ctx());
            byte[] wire = ByteBufUtil.getBytes(buf);
            assertArrayEquals(expected.toArray(), wire);

            List<UpdateError> errors = new ArrayList<>();
            PathAttributes decoded = AttributeCodec.decode(buf, wire.length, c.ctx(), errors);
            assertEquals(List.of(), errors);
            assertEquals(0, buf.readableBytes());
            assertEquals(attrs, decoded);
            assertEquals(c.flags(), decoded.flags(0));

            buf.clear();
            decoded.encode(buf, c.ctx());
            assertArrayEquals(wire, ByteBufUtil.getBytes(buf));
        } finally {
            RoundTrip.release(buf);
        }
    }

    private static Bytes segments(List<AsPathSegment> segments, int width) {
        Bytes b = new Bytes();
        for (AsPathSegment s : segments) {
            b.u8(s.type().code()).u8(s.size());
            for (int asn : s.asns()) {
                if (width == 4) {
                    b.u32(asn);
                } else {
                    b.u16(asn);
                }
            }
        }
        return b;
    }

    /** RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3: [path id] length, ceil(length / 8) address bytes. */
    private static Bytes nlri(Bytes b, PrefixList list, boolean addPath) {
        for (int i = 0; i < list.size(); i++) {
            if (addPath) {
                b.u32(list.pathId(i));
            }
            int bits = list.length(i);
            b.u8(bits);
            byte[] addr = list.get(i).addressBytes();
            for (int k = 0; k < (bits + 7) / 8; k++) {
                b.u8(addr[k]);
            }
        }
        return b;
    }

    // ---- generators: each type under a random context, with random Extended Length and Partial bits

    private static Arbitrary<Case> cases(Function<CodecContext, Arbitrary<? extends PathAttribute>> attribute) {
        return AttributeArbitraries.contexts().flatMap(ctx -> Combinators.combine(
                        attribute.apply(ctx), NlriArbitraries.booleans(), NlriArbitraries.booleans())
                .as((a, ext, partial) -> new Case(ctx, a, AttributeArbitraries.wireFlags(a, ctx, ext, partial))));
    }

    @Provide
    Arbitrary<Case> origins() {
        return cases(ctx -> AttributeArbitraries.origin());
    }

    @Provide
    Arbitrary<Case> asPaths() {
        return cases(AttributeArbitraries::asPath);
    }

    @Provide
    Arbitrary<Case> nextHops() {
        return cases(ctx -> AttributeArbitraries.nextHop());
    }

    @Provide
    Arbitrary<Case> multiExitDiscs() {
        return cases(ctx -> AttributeArbitraries.multiExitDisc());
    }

    @Provide
    Arbitrary<Case> localPrefs() {
        return cases(ctx -> AttributeArbitraries.localPref());
    }

    @Provide
    Arbitrary<Case> atomicAggregates() {
        return cases(ctx -> AttributeArbitraries.atomicAggregate());
    }

    @Provide
    Arbitrary<Case> aggregators() {
        return cases(AttributeArbitraries::aggregator);
    }

    @Provide
    Arbitrary<Case> communities() {
        return cases(ctx -> AttributeArbitraries.communities());
    }

    @Provide
    Arbitrary<Case> originatorIds() {
        return cases(ctx -> AttributeArbitraries.originatorId());
    }

    @Provide
    Arbitrary<Case> clusterLists() {
        return cases(ctx -> AttributeArbitraries.clusterList());
    }

    @Provide
    Arbitrary<Case> mpReaches() {
        return cases(AttributeArbitraries::mpReach);
    }

    @Provide
    Arbitrary<Case> mpUnreaches() {
        return cases(AttributeArbitraries::mpUnreach);
    }

    @Provide
    Arbitrary<Case> extendedCommunities() {
        return cases(ctx -> AttributeArbitraries.extendedCommunities());
    }

    /** AS4_PATH and AS4_AGGREGATOR only on 2-octet-AS sessions: a NEW speaker discards them (RFC 6793 §4.1). */
    @Provide
    Arbitrary<Case> as4Paths() {
        return cases(ctx -> AttributeArbitraries.as4Path()).filter(c -> !c.ctx().fourOctetAs());
    }

    @Provide
    Arbitrary<Case> as4Aggregators() {
        return cases(ctx -> AttributeArbitraries.as4Aggregator())
                .filter(c -> !c.ctx().fourOctetAs());
    }

    @Provide
    Arbitrary<Case> largeCommunities() {
        return cases(ctx -> AttributeArbitraries.largeCommunities());
    }

    @Provide
    Arbitrary<Case> unknowns() {
        return cases(ctx -> AttributeArbitraries.unknownAttribute());
    }
}
