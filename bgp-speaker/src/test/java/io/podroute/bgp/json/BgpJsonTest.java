package io.podroute.bgp.json;

import static io.podroute.bgp.json.JsonRoundTrip.assertRoundTrip;
import static io.podroute.bgp.json.JsonRoundTrip.encode;
import static io.podroute.bgp.json.JsonRoundTrip.json;
import static io.podroute.bgp.json.JsonRoundTrip.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.Aggregator;
import io.podroute.bgp.codec.attribute.As4Aggregator;
import io.podroute.bgp.codec.attribute.As4Path;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.AtomicAggregate;
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
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.Capability;
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
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BgpJsonTest {
    private static final CodecContext MODERN = CodecContext.MODERN;
    private static final CodecContext LEGACY = CodecContext.LEGACY;
    private static final CodecContext ADD_PATH = MODERN.withAddPath(true, true);
    private static final CodecContext EXTENDED = MODERN.withExtendedMessage(true);
    private static final int BIG_ASN = (int) 4_200_000_001L;

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static int ip(String dotted) {
        byte[] b = Prefix.parseAddress(dotted);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static PrefixList v4(String... prefixes) {
        List<Prefix> list = new ArrayList<>();
        for (String p : prefixes) {
            list.add(Prefix.parse(p));
        }
        return PrefixList.of(false, list);
    }

    private static PrefixList v6(String... prefixes) {
        List<Prefix> list = new ArrayList<>();
        for (String p : prefixes) {
            list.add(Prefix.parse(p));
        }
        return PrefixList.of(true, list);
    }

    private static PrefixList withIds(PrefixList list, int... ids) {
        return PrefixList.of(list.ipv6(), list.asList(), ids);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private static UpdateMessage update(PrefixList withdrawn, PathAttributes attrs, PrefixList nlri) {
        return UpdateMessage.of(withdrawn, attrs, nlri);
    }

    private static List<PathAttribute> base() {
        return List.of(Origin.IGP, AsPath.sequence(65001), new NextHop(ip("192.0.2.1")));
    }

    /** One message per case, covering every message, attribute and capability type. */
    static Stream<Arguments> messages() {
        List<Capability> allCaps = List.of(
                new MultiprotocolCapability(Family.IPV4_UNICAST),
                new MultiprotocolCapability(Family.IPV6_UNICAST),
                new MultiprotocolCapability(Family.of(1, 128)),
                RouteRefreshCapability.INSTANCE,
                EnhancedRouteRefreshCapability.INSTANCE,
                ExtendedMessageCapability.INSTANCE,
                new FourOctetAsCapability(BIG_ASN),
                new GracefulRestartCapability(
                        0xC,
                        120,
                        List.of(
                                new GracefulRestartCapability.FamilyEntry(Family.IPV4_UNICAST, 0x80),
                                new GracefulRestartCapability.FamilyEntry(Family.IPV6_UNICAST, 0))),
                new AddPathCapability(List.of(
                        new AddPathCapability.FamilyEntry(Family.IPV4_UNICAST, AddPathCapability.RECEIVE),
                        new AddPathCapability.FamilyEntry(Family.IPV6_UNICAST, AddPathCapability.SEND),
                        new AddPathCapability.FamilyEntry(Family.of(1, 128), AddPathCapability.BOTH),
                        new AddPathCapability.FamilyEntry(Family.of(25, 65), 7))),
                new UnknownCapability(73, hex("0970726361702d66727200")),
                new UnknownCapability(128, new byte[0]));
        OpenMessage oneParam =
                new OpenMessage(4, OpenMessage.AS_TRANS, 90, ip("10.255.255.11"), List.of(allCaps), false);
        OpenMessage perCap = OpenMessage.of(4_200_000_001L, 180, ip("10.0.0.1"), allCaps);
        OpenMessage grouped = new OpenMessage(
                4,
                65001,
                0,
                ip("192.0.2.255"),
                List.of(allCaps.subList(0, 3), List.of(), allCaps.subList(3, allCaps.size())),
                false);
        OpenMessage rfc9072 = new OpenMessage(4, 65001, 3, ip("1.1.1.1"), List.of(allCaps), true);
        OpenMessage noCaps = new OpenMessage(4, 65001, 90, ip("1.1.1.1"), List.of(), false);

        List<PathAttribute> every = List.of(
                Origin.INCOMPLETE,
                new AsPath(List.of(
                        AsPathSegment.sequence(65001, BIG_ASN, -1),
                        AsPathSegment.set(64514, 64515),
                        new AsPathSegment(AsPathSegment.Type.AS_CONFED_SEQUENCE, new int[] {64600}),
                        new AsPathSegment(AsPathSegment.Type.AS_CONFED_SET, new int[] {64601, 64602}))),
                new NextHop(ip("192.0.2.1")),
                new MultiExitDisc(-1),
                new LocalPref(200),
                AtomicAggregate.INSTANCE,
                new Aggregator(BIG_ASN, ip("10.255.255.14")),
                new Communities(new int[] {(65001 << 16) | 100, 0xFFFFFF01, 0}),
                new OriginatorId(ip("10.255.255.99")),
                new ClusterList(new int[] {ip("10.255.255.98"), ip("10.255.255.97")}),
                new ExtendedCommunities(new long[] {0x0002fde900000064L, 0x00030affff0e0007L, -1L}),
                new LargeCommunities(new int[] {BIG_ASN, 1, 2, -1, 0, 65535}),
                new UnknownAttribute(0xC0, 240, hex("0102030405")),
                new UnknownAttribute(0xE0, 241, new byte[0]),
                new UnknownAttribute(0x80, 255, hex("ff")));
        UpdateMessage allAttrs = update(
                v4("10.9.0.0/16", "0.0.0.0/0"),
                PathAttributes.of(every),
                v4("10.7.0.0/24", "10.8.0.128/25", "192.0.2.1/32"));

        List<PathAttribute> old = List.of(
                Origin.EGP,
                AsPath.sequence(OpenMessage.AS_TRANS, 65001),
                new NextHop(ip("192.0.2.1")),
                new Aggregator(OpenMessage.AS_TRANS, ip("10.0.0.1")),
                new As4Path(List.of(AsPathSegment.sequence(BIG_ASN, 65001), AsPathSegment.set(BIG_ASN))),
                new As4Aggregator(BIG_ASN, ip("10.0.0.1")));
        UpdateMessage twoOctet = update(PrefixList.EMPTY_IPV4, PathAttributes.of(old), v4("10.1.0.0/24"));

        byte[] nh32 = concat(Prefix.parseAddress("2001:db8::1"), Prefix.parseAddress("fe80::1"));
        UpdateMessage ipv6 = update(
                PrefixList.EMPTY_IPV4,
                PathAttributes.of(
                        MpReachNlri.of(Family.IPV6_UNICAST, nh32, v6("2001:db8:100::/64", "2001:db8::/32", "::/0")),
                        Origin.IGP,
                        AsPath.sequence(65001),
                        MpUnreachNlri.of(Family.IPV6_UNICAST, v6("2001:db8:200::/64", "2001:db8:200:1::1/128"))),
                PrefixList.EMPTY_IPV4);
        UpdateMessage ipv6Global = update(
                PrefixList.EMPTY_IPV4,
                PathAttributes.of(
                        Origin.IGP,
                        AsPath.EMPTY,
                        MpReachNlri.of(
                                Family.IPV6_UNICAST,
                                Prefix.parseAddress("2001:db8::1"),
                                v6("::ffff:10.0.0.0/104", "2001:db8:1::/48"))),
                PrefixList.EMPTY_IPV4);
        UpdateMessage ipv4OverV6 = update(
                PrefixList.EMPTY_IPV4,
                PathAttributes.of(
                        Origin.IGP,
                        AsPath.sequence(65001),
                        MpReachNlri.of(Family.IPV4_UNICAST, Prefix.parseAddress("::ffff:10.0.0.1"), v4("10.1.0.0/24"))),
                PrefixList.EMPTY_IPV4);
        UpdateMessage opaque = update(
                PrefixList.EMPTY_IPV4,
                PathAttributes.of(
                        new MpReachNlri(
                                Family.of(1, 128), hex("000000000000000001020304"), null, hex("7000010a000001")),
                        new MpUnreachNlri(Family.of(2, 4), null, hex("38"))),
                PrefixList.EMPTY_IPV4);
        UpdateMessage addPath = update(
                withIds(v4("10.6.0.0/24", "10.6.1.0/24"), 1, -1),
                PathAttributes.of(
                        Origin.IGP,
                        AsPath.sequence(65001),
                        new NextHop(ip("192.0.2.1")),
                        MpReachNlri.of(
                                Family.IPV6_UNICAST,
                                Prefix.parseAddress("2001:db8::1"),
                                withIds(v6("2001:db8:100::/64"), 30))),
                withIds(v4("10.1.0.0/24", "10.1.0.0/24"), 2, 3));

        List<PathAttribute> flagsAttrs = List.of(
                Origin.IGP,
                AsPath.sequence(65001),
                new NextHop(ip("192.0.2.1")),
                new Communities(new int[100]),
                new UnknownAttribute(0xD0, 250, new byte[300]));
        byte[] flags = {0x40, 0x50, 0x50, (byte) 0xC0, (byte) 0xD0};
        UpdateMessage extendedLength =
                update(PrefixList.EMPTY_IPV4, PathAttributes.withFlags(flagsAttrs, flags), v4("10.1.0.0/24"));

        List<Prefix> many = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            many.add(Prefix.ipv4(ip("10.0.0.0") + (i << 8), 24));
        }
        UpdateMessage huge = update(PrefixList.EMPTY_IPV4, PathAttributes.of(base()), PrefixList.of(false, many));

        return Stream.of(
                Arguments.of("KEEPALIVE", KeepaliveMessage.INSTANCE, MODERN),
                Arguments.of("OPEN one parameter", oneParam, MODERN),
                Arguments.of("OPEN one capability per parameter", perCap, MODERN),
                Arguments.of("OPEN grouped, empty parameter", grouped, MODERN),
                Arguments.of("OPEN RFC 9072 extended parameters", rfc9072, MODERN),
                Arguments.of("OPEN without parameters", noCaps, MODERN),
                Arguments.of("UPDATE every attribute", allAttrs, MODERN),
                Arguments.of("UPDATE AS4_PATH, AS4_AGGREGATOR, 2-octet AS", twoOctet, LEGACY),
                Arguments.of(
                        "UPDATE 2-octet AS_PATH",
                        update(PrefixList.EMPTY_IPV4, PathAttributes.of(old.subList(0, 3)), v4("10.1.0.0/24")),
                        LEGACY),
                Arguments.of("UPDATE MP_REACH/MP_UNREACH IPv6, 32-byte next hop", ipv6, MODERN),
                Arguments.of("UPDATE MP_REACH IPv6, 16-byte next hop", ipv6Global, MODERN),
                Arguments.of("UPDATE IPv4 NLRI with IPv6 next hop (RFC 8950)", ipv4OverV6, MODERN),
                Arguments.of("UPDATE unknown families", opaque, MODERN),
                Arguments.of("UPDATE add-path", addPath, ADD_PATH),
                Arguments.of("UPDATE extended length flags", extendedLength, MODERN),
                Arguments.of("UPDATE extended message", huge, EXTENDED),
                Arguments.of("UPDATE End-of-RIB IPv4", UpdateMessage.endOfRib(Family.IPV4_UNICAST), MODERN),
                Arguments.of("UPDATE End-of-RIB IPv6", UpdateMessage.endOfRib(Family.IPV6_UNICAST), MODERN),
                Arguments.of(
                        "UPDATE withdrawal only",
                        update(v4("10.1.0.0/24"), PathAttributes.EMPTY, PrefixList.EMPTY_IPV4),
                        MODERN),
                Arguments.of(
                        "NOTIFICATION shutdown", NotificationMessage.shutdown("maintenance ✓ back at 10:00"), MODERN),
                Arguments.of("NOTIFICATION unknown pair", new NotificationMessage(9, 9, hex("0102")), MODERN),
                Arguments.of("NOTIFICATION 3/1 no data", new NotificationMessage(3, 1, new byte[0]), MODERN),
                Arguments.of("NOTIFICATION reset, bad text length", new NotificationMessage(6, 4, hex("0541")), MODERN),
                Arguments.of("ROUTE-REFRESH", RouteRefreshMessage.request(Family.IPV4_UNICAST), MODERN),
                Arguments.of("ROUTE-REFRESH BoRR", new RouteRefreshMessage(Family.IPV6_UNICAST, 1), MODERN),
                Arguments.of("ROUTE-REFRESH EoRR", new RouteRefreshMessage(Family.IPV4_UNICAST, 2), MODERN),
                Arguments.of(
                        "ROUTE-REFRESH odd subtype, family", new RouteRefreshMessage(Family.of(25, 70), 7), MODERN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void roundTripsByteExact(String name, BgpMessage m, CodecContext ctx) {
        byte[] wire = encode(m, ctx);
        JsonNode json = assertRoundTrip(wire, ctx, name);
        assertEquals(m.type().label(), json.get("type").asText());
    }

    @Test
    void updateFields() {
        UpdateMessage u = (UpdateMessage) messages()
                .filter(a -> a.get()[0].equals("UPDATE every attribute"))
                .findFirst()
                .orElseThrow()
                .get()[1];
        JsonNode j = json(encode(u, MODERN), MODERN);
        assertEquals("[\"10.9.0.0/16\",\"0.0.0.0/0\"]", j.get("withdrawn").toString());
        assertEquals(
                "[\"10.7.0.0/24\",\"10.8.0.128/25\",\"192.0.2.1/32\"]",
                j.get("nlri").toString());
        JsonNode a = j.get("attributes");
        assertEquals(
                "{\"type\":\"ORIGIN\",\"flags\":\"0x40\",\"value\":\"INCOMPLETE\"}",
                a.get(0).toString());
        assertEquals(
                "[{\"type\":\"AS_SEQUENCE\",\"asns\":[65001,4200000001,4294967295]},"
                        + "{\"type\":\"AS_SET\",\"asns\":[64514,64515]},"
                        + "{\"type\":\"AS_CONFED_SEQUENCE\",\"asns\":[64600]},"
                        + "{\"type\":\"AS_CONFED_SET\",\"asns\":[64601,64602]}]",
                a.get(1).get("segments").toString());
        assertEquals("192.0.2.1", a.get(2).get("address").asText());
        assertEquals(4294967295L, a.get(3).get("value").asLong());
        assertEquals("MULTI_EXIT_DISC", a.get(3).get("type").asText());
        assertEquals(200, a.get(4).get("value").asInt());
        assertEquals(
                "{\"type\":\"ATOMIC_AGGREGATE\",\"flags\":\"0x40\"}", a.get(5).toString());
        assertEquals(4200000001L, a.get(6).get("asn").asLong());
        assertEquals("10.255.255.14", a.get(6).get("address").asText());
        assertEquals(
                "[\"65001:100\",\"65535:65281\",\"0:0\"]",
                a.get(7).get("communities").toString());
        assertEquals("10.255.255.99", a.get(8).get("address").asText());
        assertEquals(
                "[\"10.255.255.98\",\"10.255.255.97\"]",
                a.get(9).get("clusterIds").toString());
        assertEquals(
                "[\"0002fde900000064\",\"00030affff0e0007\",\"ffffffffffffffff\"]",
                a.get(10).get("communities").toString());
        assertEquals(
                "[\"4200000001:1:2\",\"4294967295:0:65535\"]",
                a.get(11).get("communities").toString());
        assertEquals(
                "{\"type\":240,\"flags\":\"0xc0\",\"value\":\"0102030405\"}",
                a.get(12).toString());
        assertEquals(
                "{\"type\":241,\"flags\":\"0xe0\",\"value\":\"\"}", a.get(13).toString());
        assertFalse(j.has("verdict"));
        assertFalse(j.has("errors"));
        assertFalse(j.has("endOfRib"));
    }

    @Test
    void mpAttributesAddPathAndFlags() {
        byte[] nh32 = concat(Prefix.parseAddress("2001:db8::1"), Prefix.parseAddress("fe80::1"));
        MpReachNlri reach = MpReachNlri.of(Family.IPV6_UNICAST, nh32, withIds(v6("2001:db8:100::/64"), 7));
        byte[] flags = {(byte) 0x90, 0x40, 0x50};
        UpdateMessage u = update(
                PrefixList.EMPTY_IPV4,
                PathAttributes.withFlags(List.of(reach, Origin.IGP, AsPath.sequence(65001)), flags),
                PrefixList.EMPTY_IPV4);
        JsonNode j = assertRoundTrip(encode(u, ADD_PATH), ADD_PATH, "add-path MP_REACH");
        JsonNode mp = j.get("attributes").get(0);
        assertEquals("MP_REACH_NLRI", mp.get("type").asText());
        assertEquals("0x90", mp.get("flags").asText());
        assertEquals("ipv6-unicast", mp.get("family").asText());
        assertEquals("[\"2001:db8::1\",\"fe80::1\"]", mp.get("nextHop").toString());
        assertEquals(
                "[{\"prefix\":\"2001:db8:100::/64\",\"pathId\":7}]",
                mp.get("nlri").toString());
        assertEquals("0x50", j.get("attributes").get(2).get("flags").asText());

        UpdateMessage opaque = (UpdateMessage) messages()
                .filter(a -> a.get()[0].equals("UPDATE unknown families"))
                .findFirst()
                .orElseThrow()
                .get()[1];
        JsonNode o = json(encode(opaque, MODERN), MODERN).get("attributes");
        assertEquals("afi-1-safi-128", o.get(0).get("family").asText());
        assertEquals("000000000000000001020304", o.get(0).get("nextHop").asText());
        assertEquals("7000010a000001", o.get(0).get("nlri").asText());
        assertEquals("afi-2-safi-4", o.get(1).get("family").asText());
        assertEquals("38", o.get(1).get("withdrawn").asText());
    }

    @Test
    void twoOctetContextChangesAsPath() {
        UpdateMessage u = update(PrefixList.EMPTY_IPV4, PathAttributes.of(base()), v4("10.1.0.0/24"));
        byte[] legacyWire = encode(
                update(
                        PrefixList.EMPTY_IPV4,
                        PathAttributes.of(Origin.IGP, AsPath.sequence(65001, 65002), new NextHop(ip("192.0.2.1"))),
                        v4("10.1.0.0/24")),
                LEGACY);
        JsonNode asLegacy = json(legacyWire, LEGACY);
        assertEquals(
                "[65001,65002]", asLegacy.at("/attributes/1/segments/0/asns").toString());
        // Read with 4-octet AS numbers, the segment overruns the attribute: malformed AS_PATH (RFC 7606 §7.2).
        JsonNode asModern = json(legacyWire, MODERN);
        assertEquals("treat-as-withdraw", asModern.get("verdict").asText());
        assertEquals("3/11 malformed-as-path", asModern.at("/errors/0/name").asText());
        assertEquals(2, asModern.get("attributes").size());
        assertRoundTrip(encode(u, LEGACY), LEGACY, "legacy");
    }

    @Test
    void endOfRibAndDescriptiveFields() {
        JsonNode v4 = json(encode(UpdateMessage.endOfRib(Family.IPV4_UNICAST), MODERN), MODERN);
        assertEquals("ipv4-unicast", v4.get("endOfRib").asText());
        JsonNode v6 = json(encode(UpdateMessage.endOfRib(Family.IPV6_UNICAST), MODERN), MODERN);
        assertEquals("ipv6-unicast", v6.get("endOfRib").asText());
        // The short form builds the marker.
        BgpMessage m = BgpJson.fromJson(parse("{\"type\":\"UPDATE\",\"endOfRib\":\"ipv6-unicast\"}"));
        assertEquals(UpdateMessage.endOfRib(Family.IPV6_UNICAST), m);

        JsonNode n = json(encode(NotificationMessage.shutdown("bye ✓"), MODERN), MODERN);
        assertEquals(6, n.get("code").asInt());
        assertEquals(2, n.get("subcode").asInt());
        assertEquals("6/2 cease-administrative-shutdown", n.get("name").asText());
        assertEquals("bye ✓", n.get("shutdownCommunication").asText());
        assertFalse(json(encode(new NotificationMessage(9, 9, new byte[0]), MODERN), MODERN)
                .has("name"));
        BgpMessage fromText = BgpJson.fromJson(
                parse(
                        "{\"type\":\"NOTIFICATION\",\"name\":\"cease-administrative-shutdown\",\"shutdownCommunication\":\"bye ✓\"}"));
        assertEquals(NotificationMessage.shutdown("bye ✓"), fromText);

        JsonNode rr = json(encode(new RouteRefreshMessage(Family.IPV6_UNICAST, 2), MODERN), MODERN);
        assertEquals(
                "{\"type\":\"ROUTE-REFRESH\",\"family\":\"ipv6-unicast\",\"subtype\":2,"
                        + "\"subtypeName\":\"end-of-rib-refresh\"}",
                rr.toString());
        JsonNode open = json(
                encode(
                        OpenMessage.of(4_200_000_001L, 90, ip("10.0.0.1"), List.of(new FourOctetAsCapability(BIG_ASN))),
                        MODERN),
                MODERN);
        assertEquals("10.0.0.1", open.get("bgpIdentifier").asText());
        assertEquals(OpenMessage.AS_TRANS, open.get("myAs").asInt());
    }

    @Test
    void updateErrorsAreReportedAndIgnoredByFromJson() {
        // MED with a 3-byte value: treat-as-withdraw (RFC 7606 §7.4), the attribute is dropped.
        UpdateMessage bad = update(
                PrefixList.EMPTY_IPV4,
                PathAttributes.of(
                        Origin.IGP,
                        AsPath.sequence(65001),
                        new NextHop(ip("192.0.2.1")),
                        new UnknownAttribute(0x80, 4, hex("000001"))),
                v4("10.1.0.0/24"));
        JsonNode j = json(encode(bad, MODERN), MODERN);
        assertEquals("treat-as-withdraw", j.get("verdict").asText());
        JsonNode e = j.get("errors").get(0);
        assertEquals("treat-as-withdraw", e.get("action").asText());
        assertEquals(3, e.get("code").asInt());
        assertEquals(5, e.get("subcode").asInt());
        assertEquals("3/5 attribute-length-error", e.get("name").asText());
        assertEquals(4, e.get("attributeType").asInt());
        assertEquals("800403000001", e.get("data").asText());
        assertTrue(e.get("reason").asText().contains("length 3"));
        UpdateMessage again = (UpdateMessage) BgpJson.fromJson(j);
        assertEquals(3, again.attributes().size());
        assertTrue(again.errors().isEmpty());
    }

    @Test
    void rawAttributeAndCapabilityForms() {
        BgpMessage m = BgpJson.fromJson(parse("{\"type\":\"UPDATE\",\"attributes\":["
                + "{\"type\":4,\"flags\":\"0x80\",\"value\":\"000001\"},"
                + "{\"type\":\"med\",\"value\":5}]}"));
        UpdateMessage u = assertInstanceOf(UpdateMessage.class, m);
        assertEquals(
                new UnknownAttribute(0x80, 4, hex("000001")), u.attributes().get(0));
        assertEquals(new MultiExitDisc(5), u.attributes().get(1));
        assertEquals(0x80, u.attributes().flags(1));

        OpenMessage o = (OpenMessage) BgpJson.fromJson(parse("{\"type\":\"OPEN\",\"myAs\":65001,\"holdTime\":90,"
                + "\"bgpIdentifier\":\"1.2.3.4\",\"parameters\":[[{\"code\":2},{\"name\":\"four_octet_as\",\"asn\":1},"
                + "{\"code\":1,\"value\":\"00010001\"},{\"code\":99,\"value\":\"\"}]]}"));
        assertEquals(
                List.of(
                        RouteRefreshCapability.INSTANCE,
                        new FourOctetAsCapability(1),
                        new UnknownCapability(1, hex("00010001")),
                        new UnknownCapability(99, new byte[0])),
                o.parameters().get(0));
    }
}
