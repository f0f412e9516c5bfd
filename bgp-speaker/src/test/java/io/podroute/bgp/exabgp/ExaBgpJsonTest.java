package io.podroute.bgp.exabgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every line ExaBGP 4.2.21 wrote in a recorded session with BIRD 2 decodes; malformed lines throw. */
class ExaBgpJsonTest {
    static Stream<String> recorded() {
        return Recorded.lines().stream();
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void everyRecordedLineDecodes(String line) {
        ExaBgpEvent e = ExaBgpJson.parse(line);
        assertNotNull(e);
        assertFalse(e instanceof ExaBgpEvent.Ignored, "nothing recorded is ignored: " + e);
    }

    @Test
    void recordingHasEveryKindOfLine() {
        List<String> kinds = Recorded.lines().stream()
                .map(l -> ExaBgpJson.parse(l).getClass().getSimpleName())
                .distinct()
                .toList();
        for (Class<?> k : List.of(
                ExaBgpEvent.State.class,
                ExaBgpEvent.Open.class,
                ExaBgpEvent.Update.class,
                ExaBgpEvent.EndOfRib.class,
                ExaBgpEvent.Notification.class,
                ExaBgpEvent.Ack.class,
                ExaBgpEvent.Shutdown.class)) {
            assertTrue(kinds.contains(k.getSimpleName()), "recorded: " + k.getSimpleName());
        }
    }

    @Test
    void state() throws Exception {
        ExaBgpEvent.State up = assertInstanceOf(
                ExaBgpEvent.State.class, ExaBgpJson.parse(Recorded.line("\"state\": \"up\"", "10.255.99.1")));
        assertEquals(InetAddress.getByName("10.255.99.1"), up.peer());
        assertEquals("up", up.state());
        ExaBgpEvent.State down = assertInstanceOf(
                ExaBgpEvent.State.class, ExaBgpJson.parse(Recorded.line("\"state\": \"down\"", "(6,2)")));
        assertTrue(down.reason().contains("notification received (6,2)"), down.reason());
    }

    @Test
    void openFromBird() {
        ExaBgpEvent.Open o = assertInstanceOf(
                ExaBgpEvent.Open.class, ExaBgpJson.parse(Recorded.line("\"type\": \"open\"", "10.255.99.1\" }")));
        assertEquals(4_200_000_001L, o.asn(), "from the 4-byte ASN capability, not AS_TRANS");
        assertEquals(0x0AFF6301, o.routerId());
        assertEquals(240, o.holdTime());
        assertEquals(120, o.restartTime());
        assertEquals(Set.of(Family.IPV4_UNICAST), o.restartFamilies());
        assertEquals(Set.of(), o.forwarding(), "BIRD 2 sends F=0");
    }

    @Test
    void ebgpUpdateWithManyAttributes() {
        ExaBgpEvent.Update u =
                assertInstanceOf(ExaBgpEvent.Update.class, ExaBgpJson.parse(Recorded.line("\"10.244.2.0/26\"")));
        assertEquals(1, u.prefixes());
        UpdateMessage m = u.updates().get(0);
        assertEquals(List.of(Prefix.parse("10.244.2.0/26")), m.nlri().asList());
        assertEquals(Origin.IGP, m.attributes().find(Origin.class));
        assertEquals(
                new AsPath(List.of(AsPathSegment.sequence((int) 4_200_000_001L, 65011, 65010))),
                m.attributes().find(AsPath.class));
        assertArrayEquals(
                new int[] {(65000 << 16) | 100, (65000 << 16) | 200},
                m.attributes().find(Communities.class).values());
        assertArrayEquals(
                new int[] {(int) 4_200_000_001L, 1, 2},
                m.attributes().find(LargeCommunities.class).values());
        assertEquals(new NextHop(0x0AFF6301), m.attributes().find(NextHop.class));
    }

    @Test
    void ibgpIpv6UpdateJoinsGlobalAndLinkLocalNextHops() throws Exception {
        ExaBgpEvent.Update u = assertInstanceOf(
                ExaBgpEvent.Update.class, ExaBgpJson.parse(Recorded.line("\"fd00:244:2::/64\" } ], \"fe80")));
        assertEquals(1, u.updates().size(), "one MP_REACH_NLRI with a 32-byte next hop");
        UpdateMessage m = u.updates().get(0);
        MpReachNlri r = m.mpReach();
        assertEquals(Family.IPV6_UNICAST, r.family());
        assertEquals(List.of(Prefix.parse("fd00:244:2::/64")), r.nlri().asList());
        byte[] nh = r.nextHop();
        assertEquals(32, nh.length);
        byte[] global = java.util.Arrays.copyOf(nh, 16);
        assertEquals(InetAddress.getByName("fd00:255:99::1"), InetAddress.getByAddress(global));
        assertEquals(0xFE, nh[16] & 0xFF, "link-local second");
        assertEquals(new MultiExitDisc(7), m.attributes().find(MultiExitDisc.class));
        assertEquals(new LocalPref(250), m.attributes().find(LocalPref.class));
        assertEquals(AsPath.EMPTY, m.attributes().find(AsPath.class), "iBGP: empty AS_PATH");
    }

    @Test
    void withdrawalsAndEndOfRib() {
        ExaBgpEvent.Update v4 =
                assertInstanceOf(ExaBgpEvent.Update.class, ExaBgpJson.parse(Recorded.line("\"withdraw\"", "ipv4")));
        assertEquals(3, v4.updates().get(0).withdrawn().size());
        ExaBgpEvent.Update v6 =
                assertInstanceOf(ExaBgpEvent.Update.class, ExaBgpJson.parse(Recorded.line("\"withdraw\"", "ipv6")));
        assertEquals(2, v6.updates().get(0).mpUnreach().prefixCount());
        ExaBgpEvent.EndOfRib eor =
                assertInstanceOf(ExaBgpEvent.EndOfRib.class, ExaBgpJson.parse(Recorded.line("\"eor\"", "\"ipv6\"")));
        assertEquals(Family.IPV6_UNICAST, eor.family());
    }

    @Test
    void notificationAcksAndShutdown() {
        ExaBgpEvent.Notification n = assertInstanceOf(
                ExaBgpEvent.Notification.class, ExaBgpJson.parse(Recorded.line("\"notification\": { \"code\"")));
        assertEquals(6, n.code());
        assertEquals(2, n.subcode());
        assertEquals(new ExaBgpEvent.Ack(true), ExaBgpJson.parse("done"));
        assertEquals(new ExaBgpEvent.Ack(false), ExaBgpJson.parse("error"));
        assertInstanceOf(ExaBgpEvent.Shutdown.class, ExaBgpJson.parse(Recorded.line("\"shutdown\"")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "12:08:56 | 27164  | welcome         | Thank you for using ExaBGP",
                "{",
                "[1, 2]",
                "{\"type\": 5}",
                "{\"type\": \"state\", \"neighbor\": {}}",
                "{\"type\": \"state\", \"neighbor\": {\"address\": {\"peer\": \"not-an-ip\"}, \"state\": \"up\"}}",
                "{\"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"message\": {\"update\":"
                        + " {\"announce\": {\"ipv4 unicast\": {\"10.0.0.1\": [{\"nlri\": \"10.1.0.0/99\"}]}}}}}}",
                "{\"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"message\": {\"update\":"
                        + " {\"announce\": {\"ipv4 unicast\": {\"10.0.0.1\": [{\"nlri\": \"fd00::/64\"}]}}}}}}",
                "{\"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"message\": {\"update\":"
                        + " {\"attribute\": {\"community\": [[1, 2, 3]]}, \"announce\": {}}}}}",
                "{\"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"message\": {\"update\":"
                        + " {\"attribute\": {\"origin\": \"sideways\"}, \"announce\": {}}}}}",
                "{\"type\": \"open\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"direction\": \"receive\"}}"
            })
    void malformedLinesThrowTheirOwnException(String line) {
        assertThrows(ExaBgpJsonException.class, () -> ExaBgpJson.parse(line));
    }

    @Test
    void otherFamiliesAndMessagesAreIgnored() {
        String flow = "{\"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"message\":"
                + " {\"update\": {\"announce\": {\"ipv4 flow\": {\"no-nexthop\": [{\"destination\": \"10.0.0.0/8\"}]}}}}}}";
        assertInstanceOf(ExaBgpEvent.Ignored.class, ExaBgpJson.parse(flow));
        assertInstanceOf(ExaBgpEvent.Ignored.class, ExaBgpJson.parse("{\"type\": \"keepalive\"}"));
    }

    @Test
    void addPathIdsAndAsSets() {
        String line = "{\"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.0.0.1\"}, \"message\":"
                + " {\"update\": {\"attribute\": {\"origin\": \"egp\", \"as-path\": [ 1, 2 ], \"as-set\": [ 3, 4 ]},"
                + " \"announce\": {\"ipv4 unicast\": {\"10.0.0.1\": [{\"nlri\": \"10.1.0.0/24\", \"path-information\":"
                + " \"0.0.0.7\"}]}}}}}}";
        UpdateMessage m =
                ((ExaBgpEvent.Update) ExaBgpJson.parse(line)).updates().get(0);
        assertEquals(7, m.nlri().pathId(0));
        assertEquals(
                new AsPath(List.of(AsPathSegment.sequence(1, 2), AsPathSegment.set(3, 4))),
                m.attributes().find(AsPath.class));
        assertEquals(Origin.EGP, m.attributes().find(Origin.class));
    }
}
