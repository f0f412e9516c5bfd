package io.podroute.bgp.exabgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recorded ExaBGP session replayed into the core: RIB, End-of-RIB, graceful restart, export commands. */
class ExaBgpCoreTest {
    static final long BIRD_AS = 4_200_000_001L;
    static final long OUR_AS = 4_200_000_002L;
    static final Prefix A = Prefix.parse("10.244.2.0/26");
    static final Prefix V6 = Prefix.parse("fd00:244:2::/64");
    static final Prefix OURS = Prefix.parse("10.244.1.0/26");

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<String> commands = new ArrayList<>();
    private final List<BestPathChange> events = new ArrayList<>();
    private final List<Map.Entry<InetAddress, Family>> eors = new ArrayList<>();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    static InetAddress ip(String s) {
        return ExaBgpJson.address(s);
    }

    static SpeakerConfig speakerConfig() {
        return new SpeakerConfig(
                RibConfig.of(OUR_AS, 0x0AFF6302), List.of(), ip("10.255.99.2"), ip("fd00:255:99::2"), false);
    }

    ExaBgpCore core(RoutePolicy export) {
        ExaBgpCore c = new ExaBgpCore(speakerConfig(), commands::add, timers, Clock.systemUTC());
        c.listeners.add(events::addAll);
        c.endOfRibListeners.add((p, f) -> eors.add(Map.entry(p, f)));
        c.addPeer(new SpeakerPeer(
                PeerConfig.builder(ip("10.255.99.1"), BIRD_AS).build(), RoutePolicy.ACCEPT_ALL, export, null, false));
        c.addPeer(
                SpeakerPeer.of(PeerConfig.builder(ip("fd00:255:99::1"), OUR_AS).build()));
        return c;
    }

    static void replay(ExaBgpCore c, int lines) {
        Recorded.lines().stream().limit(lines).forEach(c::line);
    }

    static int indexOf(String... needles) {
        return Recorded.lines().indexOf(Recorded.line(needles));
    }

    static Optional<Route> best(ExaBgpCore c, Prefix p) {
        return c.rib.best(p);
    }

    @Test
    void wholeSessionReplayed() {
        ExaBgpCore c = core(null);
        int eorV4 = indexOf("\"eor\"", "\"ipv4\"");
        replay(c, eorV4 + 1);
        assertTrue(best(c, A).isPresent(), "BIRD's route in the RIB");
        assertTrue(best(c, V6).isPresent(), "BIRD's IPv6 route (iBGP, no policy: accept)");
        assertEquals(5, c.rib.prefixCount());
        assertEquals(ip("fd00:255:99::1"), best(c, V6).orElseThrow().nextHop().address());
        assertTrue(best(c, V6).orElseThrow().nextHop().linkLocal() != null, "link-local kept");
        assertEquals(
                List.of(
                        Map.entry(ip("fd00:255:99::1"), Family.IPV6_UNICAST),
                        Map.entry(ip("10.255.99.1"), Family.IPV4_UNICAST)),
                eors);
        PeerStatus bird = c.status().get(0);
        assertEquals(SessionState.ESTABLISHED, bird.state());
        assertEquals(0x0AFF6301, bird.established().routerId());
        assertEquals(3, bird.routes().acceptedV4());
        assertTrue(bird.stats().uptime() != null);
        assertTrue(events.stream().anyMatch(e -> e.prefix().equals(A) && e.kind() == BestPathChange.Kind.ADD));

        replay(c, Recorded.lines().size());
        assertFalse(best(c, A).isPresent(), "withdrawn");
        assertFalse(best(c, V6).isPresent(), "withdrawn");
        PeerStatus after = c.status().get(0);
        assertEquals(SessionState.IDLE, after.state());
        assertEquals(6, after.stats().lastNotificationReceived().code());
        assertEquals(1, after.stats().flaps());
        assertEquals(0, c.malformedLines(), "every recorded line applied");
        assertEquals(1, c.apiErrors(), "the recorded 'error' ack");
    }

    @Test
    void malformedAndUnexpectedLinesAreCountedNotThrown() {
        ExaBgpCore c = core(null);
        c.line("garbage");
        c.line("{\"type\": \"state\"");
        // an update before the session is up, and one for a neighbour we do not have
        c.line(Recorded.line("\"10.244.2.0/26\""));
        c.line(Recorded.line("\"10.244.2.0/26\"").replace("\"peer\": \"10.255.99.1\"", "\"peer\": \"10.9.9.9\""));
        assertEquals(4, c.malformedLines());
        assertEquals(0, c.rib.prefixCount());
        replay(c, indexOf("\"eor\"", "\"ipv4\"") + 1);
        assertTrue(best(c, A).isPresent(), "still working");
    }

    @Test
    void exabgpExitKeepsRoutesStaleUntilEndOfRib() {
        ExaBgpCore c = core(null);
        List<String> lines = Recorded.lines();
        int eorV4 = indexOf("\"eor\"", "\"ipv4\"");
        replay(c, eorV4 + 1);
        events.clear();

        c.exited();
        assertTrue(best(c, A).orElseThrow().stale(), "kept, stale: " + best(c, A));
        assertTrue(best(c, V6).orElseThrow().stale(), "the iBGP peer's too");

        // the new ExaBGP: the IPv4 session back (BIRD's OPEN says F=0: irrelevant, BIRD did not restart),
        // BIRD re-sends A only, then End-of-RIB
        c.line(lines.get(0));
        c.line(Recorded.line("\"type\": \"open\"", "10.255.99.1\" }"));
        c.line(Recorded.line("\"state\": \"up\"", "10.255.99.1"));
        assertTrue(best(c, A).orElseThrow().stale(), "stale until End-of-RIB");
        c.line(Recorded.line("\"10.244.2.0/26\""));
        assertFalse(best(c, A).orElseThrow().stale(), "refreshed");
        assertTrue(best(c, Prefix.parse("10.244.3.0/26")).orElseThrow().stale());
        c.line(lines.get(eorV4));
        assertTrue(best(c, A).isPresent());
        assertFalse(best(c, Prefix.parse("10.244.3.0/26")).isPresent(), "not re-sent: swept at End-of-RIB");
        assertTrue(
                events.stream().noneMatch(e -> e.prefix().equals(A) && e.kind() == BestPathChange.Kind.WITHDRAW),
                "A never left the Loc-RIB: " + events);
        assertTrue(best(c, V6).orElseThrow().stale(), "the IPv6 peer is not back yet");
    }

    @Test
    void peerRestartWithoutForwardingStateSweepsWhenTheSessionIsBack() {
        ExaBgpCore c = core(null);
        replay(c, indexOf("\"eor\"", "\"ipv4\"") + 1);
        c.line(Recorded.line("\"state\": \"down\"", "10.255.99.1", "Broken TCP"));
        assertTrue(best(c, A).orElseThrow().stale(), "graceful restart: kept stale");
        c.line(Recorded.line("\"type\": \"open\"", "10.255.99.1\" }"));
        c.line(Recorded.line("\"state\": \"up\"", "10.255.99.1"));
        assertFalse(best(c, A).isPresent(), "BIRD's OPEN has F=0: RFC 4724 §4.2 sweep at once");
    }

    @Test
    void notificationEndsGracefulRestart() {
        ExaBgpCore c = core(null);
        replay(c, indexOf("\"eor\"", "\"ipv4\"") + 1);
        c.line(Recorded.line("\"notification\": { \"code\""));
        c.line(Recorded.line("\"state\": \"down\"", "(6,2)"));
        assertFalse(best(c, A).isPresent(), "gone at once");
    }

    @Test
    void exportHonoursPolicyAndDiffs() {
        PathAttributes attrs =
                PathAttributes.of(Origin.IGP, AsPath.EMPTY, new Communities(new int[] {(65001 << 16) | 1}));
        ExaBgpCore denied = core(null);
        denied.setLocalRoutes(List.of(new LocalRoute(OURS, attrs)));
        assertEquals(
                List.of(),
                commands.stream().filter(s -> s.contains("10.255.99.1")).toList(),
                "RFC 8212: eBGP without export policy");
        commands.clear();

        ExaBgpCore c = core(RoutePolicy.ACCEPT_ALL);
        c.setLocalRoutes(List.of(new LocalRoute(OURS, attrs)));
        assertEquals(
                List.of(
                        "neighbor 10.255.99.1 announce route 10.244.1.0/26 next-hop self origin igp community [ 65001:1 ]"),
                commands,
                "IPv4 route only to the IPv4 peer");
        commands.clear();
        c.setLocalRoutes(List.of(new LocalRoute(OURS, attrs)));
        assertEquals(List.of(), commands, "same set twice: nothing");
        c.setLocalRoutes(List.of());
        assertEquals(List.of("neighbor 10.255.99.1 withdraw route 10.244.1.0/26 next-hop self"), commands);
        commands.clear();

        c.setLocalRoutes(List.of(new LocalRoute(OURS, attrs)));
        commands.clear();
        String conf = c.configuration(Path.of("/run/podroute/relay.sh"));
        assertTrue(conf.contains("    route 10.244.1.0/26 next-hop self origin igp community [ 65001:1 ];"), conf);
        c.setLocalRoutes(List.of(new LocalRoute(OURS, attrs)));
        assertEquals(List.of(), commands, "the new ExaBGP has it from its configuration");
    }
}
