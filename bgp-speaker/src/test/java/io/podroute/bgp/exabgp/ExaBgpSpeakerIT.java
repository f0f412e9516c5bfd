package io.podroute.bgp.exabgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
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
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The ExaBGP backend against BIRD 2 in network namespaces: session up, routes both ways, withdrawals
 * both ways, ExaBGP SIGKILLed and restarted by the supervisor while BIRD keeps our route (graceful
 * restart) and our RIB keeps BIRD's (stale, then refreshed), and nothing of ours in the kernel.
 */
@RequiresRoot(binaries = {"/usr/sbin/exabgp", "/usr/sbin/bird", "/usr/sbin/birdc", "ip"})
class ExaBgpSpeakerIT {
    static final long BIRD_AS = 4_200_000_001L;
    static final long OUR_AS = 4_200_000_002L;
    static final Prefix A = Prefix.parse("10.244.2.0/26");
    static final Prefix B = Prefix.parse("10.244.3.0/26");
    static final Prefix OURS = Prefix.parse("10.244.1.0/26");
    static final Prefix OURS_2 = Prefix.parse("10.244.1.64/26");
    static final Duration WAIT = Duration.ofSeconds(30);

    static LocalRoute local(Prefix p) {
        return new LocalRoute(p, PathAttributes.of(Origin.IGP, AsPath.EMPTY));
    }

    static Optional<Route> best(ExaBgpSpeaker s, Prefix p) {
        return s.query(r -> r.best(p));
    }

    static boolean fresh(ExaBgpSpeaker s, Prefix p) {
        return best(s, p).map(r -> !r.stale()).orElse(false);
    }

    static boolean birdHas(NetnsLab lab, Prefix p) {
        return Daemons.birdc(lab, "show route").contains(p.toString());
    }

    @Test
    void againstBird() {
        try (NetnsLab lab = new NetnsLab()) {
            String d = lab.namespace("d");
            String o = lab.namespace("o");
            lab.veth(d, "v0", List.of("10.255.61.1/30"), o, "v1", List.of("10.255.61.2/30"));
            Daemons.birdWith(
                    lab,
                    d,
                    "10.255.61.1",
                    "protocol static pods { ipv4; route " + A + " blackhole; }\n"
                            + "protocol static pods2 { ipv4; route " + B + " blackhole; }\n",
                    "  local 10.255.61.1 as " + BIRD_AS + ";\n  neighbor 10.255.61.2 as " + OUR_AS + ";\n"
                            + "  connect delay time 1;\n  error wait time 1, 2;\n  graceful restart on;\n"
                            + "  ipv4 { import all; export where proto ~ \"pods*\"; };");
            InetAddress ours = ExaBgpJson.address("10.255.61.2");
            SpeakerConfig config = new SpeakerConfig(
                    RibConfig.of(OUR_AS, 0x0AFF3D02).withOwnAddresses(Set.of(ours)), List.of(), ours, null, false);
            SpeakerPeer bird = new SpeakerPeer(
                    PeerConfig.builder(ExaBgpJson.address("10.255.61.1"), BIRD_AS)
                            .build(),
                    RoutePolicy.ACCEPT_ALL,
                    RoutePolicy.ACCEPT_ALL,
                    null,
                    false);
            ExaBgpSettings settings = ExaBgpSettings.defaults(lab.dir().resolve("exabgp"))
                    .withLauncher(List.of("ip", "netns", "exec", o));
            List<Map.Entry<InetAddress, Family>> eors = new CopyOnWriteArrayList<>();
            List<BestPathChange> events = new CopyOnWriteArrayList<>();
            ExaBgpSpeaker s =
                    lab.closeLater(ExaBgpSpeaker.start(config, List.of(bird), List.of(local(OURS)), settings, sp -> {
                        sp.addEndOfRibListener((p, f) -> eors.add(Map.entry(p, f)));
                        sp.addListener(events::addAll);
                    }));

            // session up, routes both ways
            assertTrue(await(() -> fresh(s, A) && fresh(s, B)), "BIRD's routes: " + s.peers() + lab.read("bird.log"));
            assertEquals(SessionState.ESTABLISHED, s.peers().get(0).state());
            assertTrue(await(() -> !eors.isEmpty()), "End-of-RIB listener");
            assertTrue(await(() -> birdHas(lab, OURS)), "our route at BIRD: " + Daemons.birdc(lab, "show route"));

            // withdrawals both ways
            s.setAdvertisements(List.of(local(OURS), local(OURS_2)));
            assertTrue(await(() -> birdHas(lab, OURS_2)), "second route at BIRD");
            s.setAdvertisements(List.of(local(OURS)));
            assertTrue(await(() -> !birdHas(lab, OURS_2)), "our withdrawal at BIRD");
            Daemons.birdc(lab, "disable pods2");
            assertTrue(await(() -> best(s, B).isEmpty()), "BIRD's withdrawal: " + best(s, B));

            // ExaBGP never touches the kernel
            String kernel = NetnsLab.sh("ip", "-n", o, "route", "show", "table", "all");
            assertFalse(kernel.contains("10.244."), "no route of ours in the kernel: " + kernel);

            // kill -9 of ExaBGP: restarted; BIRD keeps our route throughout; our RIB keeps A stale
            long pid = s.childPid();
            assertTrue(pid > 0);
            events.clear();
            NetnsLab.sh("kill", "-9", Long.toString(pid));
            assertTrue(await(() -> best(s, A).map(Route::stale).orElse(false)), "A stale: " + best(s, A));
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean back = false;
            while (System.nanoTime() < deadline && !back) {
                assertTrue(birdHas(lab, OURS), "BIRD kept our route: " + Daemons.birdc(lab, "show route"));
                back = s.restarts() >= 1 && fresh(s, A) && s.peers().get(0).state() == SessionState.ESTABLISHED;
                sleep(100);
            }
            assertTrue(back, "ExaBGP back, A refreshed: " + s.peers() + best(s, A) + lab.read("bird.log"));
            assertNotEquals(pid, s.childPid());
            assertTrue(birdHas(lab, OURS));
            assertTrue(
                    events.stream().noneMatch(e -> e.prefix().equals(A) && e.kind() == BestPathChange.Kind.WITHDRAW),
                    "A never left the Loc-RIB: " + events);
            assertEquals(0, s.malformedLines(), "every line of ExaBGP's output understood");
            // the old relay went with the old ExaBGP: in our namespace only ExaBGP and its relay's two cats
            assertTrue(
                    await(() -> NetnsLab.sh("ip", "netns", "pids", o)
                                    .strip()
                                    .lines()
                                    .count()
                            == 3),
                    "no orphaned relay: " + NetnsLab.sh("ip", "netns", "pids", o));
            kernel = NetnsLab.sh("ip", "-n", o, "route", "show", "table", "all");
            assertFalse(kernel.contains("10.244."), "still nothing in the kernel: " + kernel);
        }
    }

    @Test
    void missingBinaryIsAClearError() {
        ExaBgpSettings settings = ExaBgpSettings.defaults(java.nio.file.Path.of("/tmp/unused"))
                .withBinary(java.nio.file.Path.of("/nonexistent/exabgp"));
        SpeakerConfig config = new SpeakerConfig(RibConfig.of(OUR_AS, 1), List.of(), null, null, false);
        ExaBgpUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                ExaBgpUnavailableException.class,
                () -> ExaBgpSpeaker.start(config, List.of(), List.of(), settings, sp -> {}));
        assertTrue(e.getMessage().contains("Debian package 'exabgp'"), e.getMessage());
    }

    static boolean await(java.util.function.BooleanSupplier c) {
        return NetnsLab.await(WAIT, c);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
