package io.podroute.bgp.codec.property;

import static io.podroute.bgp.codec.property.AttributeArbitraries.wireFlags;
import static io.podroute.bgp.codec.property.NlriArbitraries.anyFamily;
import static io.podroute.bgp.codec.property.NlriArbitraries.bytes;
import static io.podroute.bgp.codec.property.NlriArbitraries.prefixList;

import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.CapabilityCodec;
import io.podroute.bgp.codec.capability.EnhancedRouteRefreshCapability;
import io.podroute.bgp.codec.capability.ExtendedMessageCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.capability.RouteRefreshCapability;
import io.podroute.bgp.codec.capability.UnknownCapability;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.KeepaliveMessage;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators for capabilities and for valid messages of every type under a given context. */
final class MessageArbitraries {
    /** Capability codes podroute decodes into their own records. */
    static final Set<Integer> KNOWN_CAPABILITY_CODES = Set.of(
            Capability.MULTIPROTOCOL,
            Capability.ROUTE_REFRESH,
            Capability.EXTENDED_MESSAGE,
            Capability.GRACEFUL_RESTART,
            Capability.FOUR_OCTET_AS,
            Capability.ADD_PATH,
            Capability.ENHANCED_ROUTE_REFRESH);

    private MessageArbitraries() {}

    // ---- capabilities (RFC 5492 and the RFCs of each type)

    static Arbitrary<Capability> multiprotocolCapability() {
        return anyFamily().map(MultiprotocolCapability::new);
    }

    static Arbitrary<Capability> routeRefreshCapability() {
        return Arbitraries.just(RouteRefreshCapability.INSTANCE);
    }

    static Arbitrary<Capability> enhancedRouteRefreshCapability() {
        return Arbitraries.just(EnhancedRouteRefreshCapability.INSTANCE);
    }

    static Arbitrary<Capability> extendedMessageCapability() {
        return Arbitraries.just(ExtendedMessageCapability.INSTANCE);
    }

    /** RFC 7607: AS 0 is refused, so never generated. */
    static Arbitrary<Capability> fourOctetAsCapability() {
        return AttributeArbitraries.asn(true).map(FourOctetAsCapability::new);
    }

    static Arbitrary<Capability> gracefulRestartCapability() {
        Arbitrary<GracefulRestartCapability.FamilyEntry> entry = Combinators.combine(
                        anyFamily(), Arbitraries.integers().between(0, 0xFF))
                .as(GracefulRestartCapability.FamilyEntry::new);
        Arbitrary<List<GracefulRestartCapability.FamilyEntry>> entries = Arbitraries.frequencyOf(
                Tuple.of(9, entry.list().ofMaxSize(4)),
                Tuple.of(1, entry.list().ofMinSize(50).ofMaxSize(63)));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 0xF),
                        Arbitraries.integers().between(0, 0xFFF),
                        entries)
                .as(GracefulRestartCapability::new);
    }

    /** At least one family: an empty ADD-PATH capability is malformed (RFC 7911 §4). */
    static Arbitrary<Capability> addPathCapability() {
        Arbitrary<AddPathCapability.FamilyEntry> entry = Combinators.combine(
                        anyFamily(), Arbitraries.integers().between(0, 0xFF))
                .as(AddPathCapability.FamilyEntry::new);
        Arbitrary<List<AddPathCapability.FamilyEntry>> entries = Arbitraries.frequencyOf(
                Tuple.of(9, entry.list().ofMinSize(1).ofMaxSize(4)),
                Tuple.of(1, entry.list().ofMinSize(50).ofMaxSize(63)));
        return entries.map(AddPathCapability::new);
    }

    static Arbitrary<Capability> unknownCapability() {
        Arbitrary<Integer> code =
                Arbitraries.integers().between(0, 0xFF).filter(c -> !KNOWN_CAPABILITY_CODES.contains(c));
        return Combinators.combine(code, bytes(16, 100, 255)).as(UnknownCapability::new);
    }

    static Arbitrary<Capability> capability() {
        return Arbitraries.oneOf(
                multiprotocolCapability(),
                routeRefreshCapability(),
                enhancedRouteRefreshCapability(),
                extendedMessageCapability(),
                fourOctetAsCapability(),
                gracefulRestartCapability(),
                addPathCapability(),
                unknownCapability());
    }

    // ---- messages

    /**
     * OPEN with 0..5 Capabilities parameters of 0..4 capabilities each (speakers group them either
     * way); the RFC 9072 format at random, and always when the parameters exceed 255 bytes (the encoder
     * switches to it then). My AS is AS_TRANS only with a 4-octet AS capability (RFC 6793 §9).
     */
    static Arbitrary<BgpMessage> open() {
        Arbitrary<List<List<Capability>>> params =
                capability().list().ofMaxSize(4).list().ofMaxSize(5);
        Arbitrary<Integer> myAs = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.integers().between(1, 0xFFFF)), Tuple.of(1, Arbitraries.just(23456)));
        Arbitrary<Integer> hold =
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(3, 0xFFFF));
        Arbitrary<Integer> id = Arbitraries.integers().filter(i -> i != 0);
        return Combinators.combine(params, myAs, hold, id, NlriArbitraries.booleans())
                .as(MessageArbitraries::open)
                .filter(o -> o.myAs() != OpenMessage.AS_TRANS || o.capability(FourOctetAsCapability.class) != null)
                .map(BgpMessage.class::cast);
    }

    private static OpenMessage open(List<List<Capability>> params, int myAs, int hold, int id, boolean ext) {
        int normal = 0;
        for (List<Capability> p : params) {
            normal += 2 + CapabilityCodec.encodedLength(p);
        }
        return new OpenMessage(OpenMessage.VERSION, myAs, hold, id, params, ext || normal > 255);
    }

    /**
     * UPDATE: IPv4 withdrawn routes and NLRI, each attribute type present at random (AS4_PATH and
     * AS4_AGGREGATOR only on 2-octet-AS sessions, where a NEW speaker accepts them), 0..3 unknown
     * optional attributes, in random order with random Extended Length and Partial bits. ORIGIN and
     * AS_PATH are added when something is announced, NEXT_HOP when the UPDATE's own NLRI is non-empty
     * (RFC 4271 §6.3), so the decoder's verdict must be NONE.
     */
    static Arbitrary<BgpMessage> update(CodecContext ctx) {
        List<Arbitrary<PathAttribute>> each = new ArrayList<>(List.of(
                AttributeArbitraries.origin(),
                AttributeArbitraries.asPath(ctx),
                AttributeArbitraries.nextHop(),
                AttributeArbitraries.multiExitDisc(),
                AttributeArbitraries.localPref(),
                AttributeArbitraries.atomicAggregate(),
                AttributeArbitraries.aggregator(ctx),
                AttributeArbitraries.communities(),
                AttributeArbitraries.originatorId(),
                AttributeArbitraries.clusterList(),
                AttributeArbitraries.mpReach(ctx),
                AttributeArbitraries.mpUnreach(ctx),
                AttributeArbitraries.extendedCommunities(),
                AttributeArbitraries.largeCommunities()));
        if (!ctx.fourOctetAs()) {
            each.add(AttributeArbitraries.as4Path());
            each.add(AttributeArbitraries.as4Aggregator());
        }
        List<Arbitrary<PathAttribute>> maybe = new ArrayList<>();
        for (Arbitrary<PathAttribute> a : each) {
            maybe.add(a.injectNull(0.5));
        }
        Arbitrary<List<PathAttribute>> chosen = Combinators.combine(maybe).as(l -> l);
        Arbitrary<List<UnknownAttribute>> unknown =
                AttributeArbitraries.unknownAttribute().list().ofMaxSize(3).uniqueElements(UnknownAttribute::typeCode);
        Arbitrary<List<PathAttribute>> mandatory = Combinators.combine(
                        AttributeArbitraries.origin(), AttributeArbitraries.asPath(ctx), AttributeArbitraries.nextHop())
                .as(List::of);
        Arbitrary<PrefixList> v4 = prefixList(false, ctx.addPathIpv4(), 15);
        return Combinators.combine(chosen, unknown, mandatory, v4, v4, Arbitraries.longs(), Arbitraries.longs())
                .as((c, u, m, withdrawn, nlri, flagBits, order) ->
                        update(ctx, c, u, m, withdrawn, nlri, flagBits, order));
    }

    private static BgpMessage update(
            CodecContext ctx,
            List<PathAttribute> chosen,
            List<UnknownAttribute> unknown,
            List<PathAttribute> mandatory,
            PrefixList withdrawn,
            PrefixList nlri,
            long flagBits,
            long order) {
        List<PathAttribute> attrs = new ArrayList<>();
        chosen.stream().filter(Objects::nonNull).forEach(attrs::add);
        attrs.addAll(unknown);
        MpReachNlri reach = attrs.stream()
                .filter(MpReachNlri.class::isInstance)
                .map(MpReachNlri.class::cast)
                .findFirst()
                .orElse(null);
        boolean announces = !nlri.isEmpty() || (reach != null && reach.prefixCount() > 0);
        for (PathAttribute required : mandatory) {
            boolean needed = announces && (required.typeCode() != PathAttribute.NEXT_HOP || !nlri.isEmpty());
            if (needed && attrs.stream().noneMatch(a -> a.typeCode() == required.typeCode())) {
                attrs.add(required);
            }
        }
        Collections.shuffle(attrs, new Random(order));
        byte[] flags = new byte[attrs.size()];
        for (int i = 0; i < flags.length; i++) {
            boolean ext = (flagBits >>> (2 * i) & 1) != 0;
            boolean partial = (flagBits >>> (2 * i + 1) & 1) != 0;
            flags[i] = (byte) wireFlags(attrs.get(i), ctx, ext, partial);
        }
        return UpdateMessage.of(withdrawn, PathAttributes.withFlags(attrs, flags), nlri);
    }

    /** Any code and subcode (received ones are kept raw); data usually short, sometimes over 4096 bytes. */
    static Arbitrary<BgpMessage> notification() {
        Arbitrary<byte[]> data = Arbitraries.frequencyOf(
                Tuple.of(18, bytes(32, 100, 300)),
                Tuple.of(
                        1,
                        Arbitraries.bytes().array(byte[].class).ofMinSize(4070).ofMaxSize(4200)));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 0xFF),
                        Arbitraries.integers().between(0, 0xFF),
                        data)
                .as(NotificationMessage::new);
    }

    static Arbitrary<BgpMessage> keepalive() {
        return Arbitraries.just(KeepaliveMessage.INSTANCE);
    }

    /** Subtypes 0, 1, 2 (RFC 7313 §3), sometimes a reserved one, which is kept. */
    static Arbitrary<BgpMessage> routeRefresh() {
        Arbitrary<Integer> subtype = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.of(0, 1, 2)),
                Tuple.of(1, Arbitraries.integers().between(3, 0xFF)));
        return Combinators.combine(anyFamily(), subtype).as(RouteRefreshMessage::new);
    }

    static Arbitrary<BgpMessage> anyMessage(CodecContext ctx) {
        return Arbitraries.oneOf(open(), update(ctx), notification(), keepalive(), routeRefresh());
    }
}
