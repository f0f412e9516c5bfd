package io.podroute.bgp.speaker;

import static io.podroute.bgp.speaker.DaemonLab.DAEMON_AS;
import static io.podroute.bgp.speaker.DaemonLab.OUR_AS;
import static io.podroute.bgp.speaker.DaemonLab.local;
import static io.podroute.bgp.speaker.DaemonLab.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart with podroute as the restarting speaker (RFC 4724 §4.1) and BIRD 2 as helper: our
 * speaker crashes (closed without a NOTIFICATION), BIRD keeps our routes as stale, a new speaker starts
 * with {@code restarting} (Restart State and Forwarding State bits in its OPEN) and our End-of-RIB ends
 * BIRD's recovery: the routes we announce again are fresh, those we no longer announce are gone. A later
 * session carries the Restart State bit no more.
 */
@RequiresRoot(binaries = {"/usr/sbin/bird", "/usr/sbin/birdc", "ip"})
class SpeakerRestartIT {
    private static final Prefix OURS = Prefix.parse("10.244.1.0/26");
    private static final Prefix OTHER = Prefix.parse("10.244.1.64/26");

    private static void bird(DaemonLab l) {
        Daemons.bird(
                l.lab(),
                l.daemonNs(),
                l.daemon4(),
                "  local " + l.daemon4() + " as " + DAEMON_AS + ";\n  neighbor " + l.ours4() + " as " + OUR_AS
                        + ";\n  connect delay time 1;\n  error wait time 1, 2;\n"
                        + "  graceful restart on;\n  ipv4 { import all; export none; };");
    }

    private static BgpSpeaker speaker(DaemonLab l, boolean restarting, List<LocalRoute> routes) {
        InetAddress v4 = SpeakerInteropIT.ip(l.ours4());
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(OUR_AS, 0x0AFF0002 + (l.n() << 8)).withOwnAddresses(Set.of(v4)),
                List.of(new InetSocketAddress(v4, 179)),
                v4,
                null,
                restarting);
        SpeakerPeer peer = open(l.session(l.daemon4(), DAEMON_AS).build());
        return l.lab()
                .closeLater(BgpSpeaker.start(cfg, List.of(peer), routes, l.lab().thread(l.ourNs())));
    }

    private static String route(NetnsLab lab, Prefix p) {
        return Daemons.birdc(lab, "show route all " + p);
    }

    private static boolean present(NetnsLab lab, Prefix p) {
        return route(lab, p).contains(p.toString());
    }

    /**
     * BIRD 2.0 does not mark a stale route in {@code show route all}; the route is stale while BIRD is
     * in graceful-restart recovery for the neighbour and still has it.
     */
    private static boolean stale(NetnsLab lab, Prefix p) {
        return present(lab, p) && helping(lab);
    }

    /** BIRD keeps the neighbour's routes as stale (between the crash and our End-of-RIB). */
    private static boolean helping(NetnsLab lab) {
        String p = protocol(lab);
        return p.contains("Neighbor graceful restart active") || p.contains("Neighbor GR:");
    }

    private static String protocol(NetnsLab lab) {
        return Daemons.birdc(lab, "show protocols all tor");
    }

    private static boolean established(BgpSpeaker s) {
        return s.peers().get(0).state() == SessionState.ESTABLISHED;
    }

    /** Polls BIRD's table in the background and remembers whether {@code p} was ever missing. */
    private static final class Watch implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final List<String> missing = new CopyOnWriteArrayList<>();
        final Thread thread;

        Watch(NetnsLab lab, Prefix p) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    String out = route(lab, p);
                    if (!out.contains(p.toString())) {
                        missing.add(out);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void restartKeepsOurRouteAtBirdAndEndOfRibRefreshesIt() {
        DaemonLab l = DaemonLab.create(71);
        try (NetnsLab lab = l.lab()) {
            bird(l);
            BgpSpeaker first = speaker(l, false, List.of(local(OURS)));
            assertTrue(l.await(() -> present(lab, OURS)), "BIRD learnt our route: " + first.peers());
            assertTrue(!protocol(lab).contains("Restart recovery"), "fresh start, R=0: " + protocol(lab));

            try (Watch watch = new Watch(lab, OURS)) {
                first.close(); // a crash: FIN, no NOTIFICATION
                assertTrue(
                        l.await(() -> stale(lab, OURS)),
                        "kept as stale: " + route(lab, OURS) + protocol(lab) + lab.read("bird.log"));

                BgpSpeaker second = speaker(l, true, List.of(local(OURS)));
                // BIRD lists our capability under "Neighbor capabilities": R=1 is "Restart recovery", F=1
                // for IPv4 is "AF preserved: ipv4" (its own, under "Local capabilities", preserves none).
                assertTrue(l.await(() -> protocol(lab).contains("Restart recovery")), "BIRD saw R=1: " + protocol(lab));
                assertTrue(protocol(lab).contains("AF preserved: ipv4"), "F=1: " + protocol(lab));
                assertTrue(
                        l.await(() -> established(second) && present(lab, OURS) && !helping(lab)),
                        "fresh after our End-of-RIB: " + route(lab, OURS) + protocol(lab));
                assertTrue(watch.missing.isEmpty(), "never withdrawn: " + watch.missing);
            }

            // A session that comes up later (BIRD restarts it) gets R=0 from us.
            Daemons.birdc(lab, "restart tor");
            assertTrue(
                    l.await(() -> protocol(lab).contains("Established")
                            && !protocol(lab).contains("Restart recovery")),
                    "later OPEN has R=0: " + protocol(lab));
            assertTrue(protocol(lab).contains("AF preserved: ipv4"), "F=1 still: " + protocol(lab));
            assertTrue(present(lab, OURS));
        }
    }

    @Test
    void restartWithAnotherPrefixRemovesTheOldOneAtEndOfRib() {
        DaemonLab l = DaemonLab.create(72);
        try (NetnsLab lab = l.lab()) {
            bird(l);
            BgpSpeaker first = speaker(l, false, List.of(local(OURS)));
            assertTrue(l.await(() -> present(lab, OURS)), "BIRD learnt our route: " + first.peers());
            first.close();
            assertTrue(
                    l.await(() -> stale(lab, OURS)),
                    "kept as stale: " + route(lab, OURS) + protocol(lab) + lab.read("bird.log"));

            BgpSpeaker second = speaker(l, true, List.of(local(OTHER)));
            assertTrue(
                    l.await(() -> present(lab, OTHER) && !present(lab, OURS)),
                    "after our End-of-RIB: " + route(lab, OURS) + route(lab, OTHER) + protocol(lab));
            assertTrue(established(second));
            assertTrue(protocol(lab).contains("Restart recovery"), "R=1: " + protocol(lab));
            assertEquals(1, second.peers().get(0).stats().establishedTransitions());
        }
    }
}
