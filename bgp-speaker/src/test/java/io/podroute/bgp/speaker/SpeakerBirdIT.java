package io.podroute.bgp.speaker;

import static io.podroute.bgp.speaker.DaemonLab.DAEMON_AS;
import static io.podroute.bgp.speaker.DaemonLab.OUR_AS;
import static io.podroute.bgp.speaker.DaemonLab.best;
import static io.podroute.bgp.speaker.DaemonLab.has;
import static io.podroute.bgp.speaker.DaemonLab.local;
import static io.podroute.bgp.speaker.DaemonLab.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.RibListener;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The speaker's glue against BIRD 2: graceful restart as helper with routes (BIRD killed with SIGKILL
 * and restarted with {@code -R}, or never restarted), and policy changes at run time (route refresh,
 * or a Cease 6/6 reset when BIRD does not offer route refresh).
 */
@RequiresRoot(binaries = {"/usr/sbin/bird", "/usr/sbin/birdc", "ip"})
class SpeakerBirdIT {
    private static final Prefix A = Prefix.parse("10.244.2.0/26");
    private static final Prefix B = Prefix.parse("10.244.3.0/26");
    private static final Prefix OURS = Prefix.parse("10.244.1.0/26");
    private static final Prefix OURS_2 = Prefix.parse("10.244.1.64/26");
    private static final Prefix GHOST = Prefix.parse("10.244.9.0/26");

    private static Process bird(DaemonLab l, List<Prefix> statics, String extra, String... args) {
        StringBuilder routes = new StringBuilder("protocol static pods {\n  ipv4;\n");
        for (Prefix p : statics) {
            routes.append("  route ").append(p).append(" blackhole;\n");
        }
        routes.append("}\n");
        return Daemons.birdWith(
                l.lab(),
                l.daemonNs(),
                l.daemon4(),
                routes.toString(),
                "  local " + l.daemon4() + " as " + DAEMON_AS + ";\n  neighbor " + l.ours4() + " as " + OUR_AS
                        + ";\n  connect delay time 1;\n  error wait time 1, 2;\n" + extra
                        + "\n  ipv4 { import all; export where proto = \"pods\"; };",
                args);
    }

    private static boolean stale(BgpSpeaker s, Prefix p) {
        return best(s, p).map(Route::stale).orElse(false);
    }

    private static boolean freshly(BgpSpeaker s, Prefix p) {
        return best(s, p).map(r -> !r.stale()).orElse(false);
    }

    private static SessionState state(BgpSpeaker s) {
        return s.peers().get(0).state();
    }

    @Test
    void gracefulRestartKeepsRoutesUntilEndOfRibOrRestartTime() {
        DaemonLab l = DaemonLab.create(36);
        try (NetnsLab lab = l.lab()) {
            String gr = "  graceful restart on;\n  graceful restart time 5;";
            Process bird = bird(l, List.of(A, B), gr);
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    false,
                    List.of(open(l.session(l.daemon4(), DAEMON_AS).build())));
            assertTrue(l.await(() -> freshly(s, A) && freshly(s, B)), "BIRD's routes: " + s.peers());

            // SIGKILL: no NOTIFICATION, graceful restart applies; the routes stay, stale.
            bird.destroyForcibly();
            assertTrue(l.await(() -> state(s) != SessionState.ESTABLISHED), "session down");
            assertTrue(stale(s, A) && stale(s, B), "kept as stale: " + best(s, A) + best(s, B));

            // Back with -R and without B: after its End-of-RIB, B is gone and A fresh again.
            List<BestPathChange> events = new CopyOnWriteArrayList<>();
            RibListener listener = events::addAll;
            s.addListener(listener);
            bird = bird(l, List.of(A), gr, "-R");
            assertTrue(
                    l.await(() -> !has(s, B) && freshly(s, A)),
                    "after End-of-RIB: " + best(s, A) + best(s, B) + s.peers() + lab.read("bird.log"));
            assertEquals(SessionState.ESTABLISHED, state(s));
            assertTrue(
                    events.stream().noneMatch(e -> e.prefix().equals(A) && e.kind() == BestPathChange.Kind.WITHDRAW),
                    "A never left the Loc-RIB through the restart: " + events);
            s.removeListener(listener);

            // Killed again and never back: A is kept stale, then swept when the 5 s restart time ends.
            bird.destroyForcibly();
            assertTrue(l.await(() -> stale(s, A)), "stale again: " + best(s, A));
            long downAt = System.nanoTime();
            assertTrue(NetnsLab.await(Duration.ofSeconds(12), () -> !has(s, A)), "swept: " + best(s, A));
            long seconds = Duration.ofNanos(System.nanoTime() - downAt).toSeconds();
            assertTrue(seconds >= 3, "swept after the restart time, not at once: " + seconds + " s");
        }
    }

    @Test
    void importPolicyChangeAsksBirdForItsRoutesAgain() {
        DaemonLab l = DaemonLab.create(37);
        try (NetnsLab lab = l.lab()) {
            bird(l, List.of(A, B), "");
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    false,
                    List.of(open(l.session(l.daemon4(), DAEMON_AS).build())));
            s.setAdvertisements(List.of(local(OURS), local(OURS_2)));
            assertTrue(l.await(() -> has(s, A) && has(s, B)), "BIRD's routes: " + s.peers());
            assertTrue(l.await(() -> Daemons.birdc(lab, "show route").contains(OURS_2.toString())));
            InetAddress peer = SpeakerInteropIT.ip(l.daemon4());
            // A path BIRD never sent (as if its withdrawal had been lost): BIRD frames its answer with
            // BoRR / EoRR (enhanced route refresh), so the EoRR sweeps it.
            PeerInfo birdInfo = s.peers().get(0).established();
            s.query(r -> {
                r.applyUpdate(
                        birdInfo,
                        UpdateMessage.of(
                                PrefixList.EMPTY_IPV4,
                                PathAttributes.of(
                                        Origin.IGP, AsPath.sequence((int) DAEMON_AS), new NextHop(0x0AFF2501)),
                                PrefixList.of(false, List.of(GHOST))),
                        RoutePolicy.ACCEPT_ALL);
                return null;
            });
            assertTrue(has(s, GHOST));

            assertEquals(
                    PolicyChange.ROUTE_REFRESH, s.setPolicies(peer, new RejectPrefix(B), new RejectPrefix(OURS_2)));
            assertTrue(l.await(() -> !has(s, B)), "B rejected after BIRD re-sent it: " + best(s, B));
            assertTrue(l.await(() -> freshly(s, A)), "A kept, not stale: " + best(s, A));
            assertTrue(l.await(() -> !has(s, GHOST)), "swept at BIRD's End-of-RIB-Refresh: " + best(s, GHOST));
            assertTrue(
                    l.await(() -> !Daemons.birdc(lab, "show route").contains(OURS_2.toString())),
                    "export change withdrew OURS_2: " + Daemons.birdc(lab, "show route"));
            assertTrue(Daemons.birdc(lab, "show route").contains(OURS.toString()));

            assertEquals(
                    PolicyChange.ROUTE_REFRESH, s.setPolicies(peer, RoutePolicy.ACCEPT_ALL, new RejectPrefix(OURS_2)));
            assertTrue(l.await(() -> freshly(s, B)), "B accepted again");
            assertEquals(1, s.peers().get(0).stats().establishedTransitions(), "never reset: " + s.peers());
        }
    }

    @Test
    void importPolicyChangeWithoutRouteRefreshResetsWithCease66() {
        DaemonLab l = DaemonLab.create(38);
        try (NetnsLab lab = l.lab()) {
            bird(l, List.of(A, B), "  enable route refresh off;");
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    false,
                    List.of(open(l.session(l.daemon4(), DAEMON_AS).build())));
            assertTrue(l.await(() -> has(s, A) && has(s, B)), "BIRD's routes: " + s.peers() + lab.read("bird.log"));

            assertEquals(
                    PolicyChange.SESSION_RESET,
                    s.setPolicies(SpeakerInteropIT.ip(l.daemon4()), new RejectPrefix(B), RoutePolicy.ACCEPT_ALL));
            assertEquals(
                    NotificationCode.CEASE_OTHER_CONFIGURATION_CHANGE,
                    s.peers().get(0).stats().lastNotificationSent().knownCode());
            assertTrue(
                    l.await(() -> s.peers().get(0).stats().establishedTransitions() == 2
                            && state(s) == SessionState.ESTABLISHED
                            && has(s, A)),
                    "back up under the new policy: " + s.peers() + lab.read("bird.log"));
            assertTrue(!has(s, B), "B rejected by the new policy");
        }
    }
}
