package io.podroute.bgp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.attribute.Aggregator;
import io.podroute.bgp.codec.attribute.As4Aggregator;
import io.podroute.bgp.codec.attribute.As4Path;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.ExtendedCommunities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message captured from BIRD, FRR, GoBGP and ExaBGP decodes cleanly and re-encodes byte-exact. */
class GoldenVectorTest {
    static Stream<Arguments> messages() {
        List<Arguments> out = new ArrayList<>();
        for (VectorFile f : VectorFile.all()) {
            for (VectorFile.Message m : f.messages()) {
                out.add(Arguments.of(m, f.context()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesCleanlyAndReencodesByteExact(VectorFile.Message m, CodecContext ctx) {
        BgpMessage msg = decode(m.bytes(), ctx);
        assertEquals(m.type(), msg.type().label(), "message type");
        if (msg instanceof UpdateMessage u) {
            assertEquals(ErrorAction.NONE, u.verdict(), () -> "unexpected errors: " + u.errors());
        }
        ByteBuf out = Unpooled.buffer();
        try {
            BgpCodec.encode(msg, ctx, out);
            byte[] again = new byte[out.readableBytes()];
            out.readBytes(again);
            assertArrayEquals(m.bytes(), again, "re-encoded bytes differ");
        } finally {
            out.release();
        }
    }

    @Test
    void everyImplementationAndScenarioIsPresent() {
        Set<String> names = new HashSet<>();
        VectorFile.all().forEach(f -> names.add(f.name()));
        for (String impl : List.of("bird2", "frr", "gobgp", "exabgp")) {
            for (String scenario : List.of("ipv4", "ipv6", "as2", "addpath")) {
                assertTrue(names.contains(impl + "/" + scenario + ".bgp"), impl + "/" + scenario);
            }
        }
        assertTrue(names.contains("exabgp/attrs.bgp"));
    }

    @Test
    void ipv4ScenariosAnnounceAllPrefixesWithCommunitiesAndLongPaths() {
        for (String impl : List.of("bird2", "frr", "gobgp", "exabgp")) {
            VectorFile f = VectorFile.byName(impl + "/ipv4.bgp");
            Set<Prefix> announced = new HashSet<>();
            boolean large = false;
            int longest = 0;
            for (UpdateMessage u : updates(f)) {
                announced.addAll(u.nlri().asList());
                large |= u.attributes().find(LargeCommunities.class) != null;
                AsPath p = u.attributes().find(AsPath.class);
                longest = Math.max(longest, p == null ? 0 : p.pathLength());
            }
            assertTrue(announced.size() >= 330, impl + ": " + announced.size() + " prefixes");
            assertTrue(
                    announced.contains(Prefix.parse("10.2.0.64/26"))
                            || announced.stream().anyMatch(p -> p.length() == 26),
                    impl + ": has /26 prefixes");
            assertTrue(large, impl + ": LARGE_COMMUNITY seen");
            assertTrue(longest >= 25, impl + ": prepended path length " + longest);
        }
    }

    @Test
    void ipv6ScenariosCarryPrefixesInMpReach() {
        for (String impl : List.of("bird2", "frr", "gobgp", "exabgp")) {
            VectorFile f = VectorFile.byName(impl + "/ipv6.bgp");
            int count = 0;
            for (UpdateMessage u : updates(f)) {
                MpReachNlri r = u.mpReach();
                if (r != null) {
                    assertEquals(Family.IPV6_UNICAST, r.family());
                    assertTrue(r.nextHop().length == 16 || r.nextHop().length == 32);
                    count += r.prefixCount();
                }
            }
            assertTrue(count >= 265, impl + ": " + count + " IPv6 prefixes");
        }
    }

    @Test
    void twoOctetSessionsReconstructTheFourOctetPath() {
        for (String impl : List.of("bird2", "frr", "gobgp", "exabgp")) {
            VectorFile f = VectorFile.byName(impl + "/as2.bgp");
            assertFalse(f.context().fourOctetAs());
            OpenMessage open = (OpenMessage) decode(f.messages().get(0).bytes(), f.context());
            assertEquals(OpenMessage.AS_TRANS, open.myAs());
            assertEquals(4200000001L, open.effectiveAs());
            assertNotNull(open.capability(FourOctetAsCapability.class));
            boolean sawAs4 = false;
            for (UpdateMessage u : updates(f)) {
                if (u.nlri().isEmpty()) {
                    continue;
                }
                AsPath wire = u.attributes().find(AsPath.class);
                assertTrue(wire.contains(OpenMessage.AS_TRANS), impl + ": AS_TRANS on the wire");
                if (u.attributes().find(As4Path.class) != null) {
                    sawAs4 = true;
                    AsPath effective = u.effectiveAsPath();
                    assertFalse(effective.contains(OpenMessage.AS_TRANS), impl + ": " + effective);
                    assertTrue(effective.contains(4200000001L), impl + ": " + effective);
                }
                Aggregator agg = u.attributes().find(Aggregator.class);
                if (agg != null) {
                    assertEquals(OpenMessage.AS_TRANS, agg.asnUnsigned());
                    assertEquals(
                            4200000001L,
                            u.attributes().find(As4Aggregator.class).asnUnsigned());
                }
            }
            assertTrue(sawAs4, impl + ": AS4_PATH seen");
        }
    }

    @Test
    void addPathScenariosCarryPathIds() {
        for (String impl : List.of("bird2", "frr", "gobgp", "exabgp")) {
            VectorFile f = VectorFile.byName(impl + "/addpath.bgp");
            assertTrue(f.context().addPathIpv4(), impl);
            OpenMessage open = (OpenMessage) decode(f.messages().get(0).bytes(), f.context());
            assertNotNull(open.capability(AddPathCapability.class), impl);
            boolean ids = false;
            for (UpdateMessage u : updates(f)) {
                ids |= u.nlri().hasPathIds();
            }
            assertTrue(ids, impl + ": NLRI with path ids");
        }
    }

    @Test
    void exabgpAttributesScenarioHasEveryExoticAttribute() {
        VectorFile f = VectorFile.byName("exabgp/attrs.bgp");
        boolean set = false;
        boolean atomic = false;
        boolean agg = false;
        boolean originator = false;
        boolean cluster = false;
        boolean local = false;
        boolean ext = false;
        boolean unknown = false;
        for (UpdateMessage u : updates(f)) {
            AsPath p = u.attributes().find(AsPath.class);
            if (p != null) {
                set |= p.segments().stream().anyMatch(s -> s.type() == AsPathSegment.Type.AS_SET);
            }
            atomic |= u.attributes().has(6);
            agg |= u.attributes().find(Aggregator.class) != null;
            originator |= u.attributes().find(OriginatorId.class) != null;
            cluster |= u.attributes().find(ClusterList.class) != null;
            local |= u.attributes().find(LocalPref.class) != null;
            ext |= u.attributes().find(ExtendedCommunities.class) != null;
            UnknownAttribute x = u.attributes().find(UnknownAttribute.class);
            if (x != null) {
                unknown = true;
                assertTrue(x.isOptional() && x.isTransitive());
                assertEquals(0xf0, x.typeCode());
            }
        }
        assertTrue(set && atomic && agg && originator && cluster && local && ext && unknown);
    }

    private static List<UpdateMessage> updates(VectorFile f) {
        List<UpdateMessage> out = new ArrayList<>();
        for (VectorFile.Message m : f.messages()) {
            if (decode(m.bytes(), f.context()) instanceof UpdateMessage u) {
                out.add(u);
            }
        }
        return out;
    }

    static BgpMessage decode(byte[] bytes, CodecContext ctx) {
        return BgpCodec.decode(Unpooled.wrappedBuffer(bytes), ctx);
    }
}
