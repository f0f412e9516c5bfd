package io.podroute.bgp.transport;

import static org.junit.jupiter.api.Assertions.*;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.session.BgpPeer;
import io.podroute.bgp.session.BgpSession;
import io.podroute.bgp.session.LocalSpeaker;
import io.podroute.bgp.session.NegotiatedSession;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionListener;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.TransitionReason;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our session against real BIRD 2, FRR bgpd, GoBGP and ExaBGP, each in its own network namespace
 * joined to ours by a veth pair: daemon at 10.255.N.1 / fd00:255:N::1, podroute at .2 / ::2.
 */
@RequiresRoot(binaries = {"/usr/sbin/bird", "/usr/lib/frr/bgpd", "/usr/bin/gobgpd", "/usr/sbin/exabgp", "ip"})
class BgpInteropIT {
    private static final long DAEMON_AS = 4_200_000_001L;
    private static final long OUR_AS = 4_200_000_002L;
    private static final Duration UP = Duration.ofSeconds(20);

    /** Collects listener calls for assertions. */
    static final class Events implements SessionListener {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile NegotiatedSession negotiated;
        volatile Boolean lastDownGraceful;

        @Override
        public void onEstablished(BgpSession s, PeerInfo peer, NegotiatedSession n) {
            negotiated = n;
            log.add("established");
        }

        @Override
        public void onUpdate(BgpSession s, UpdateMessage u) {
            log.add(u.endOfRibFamily() != null ? "eor " + u.endOfRibFamily() : "update");
        }

        @Override
        public void onRouteRefresh(BgpSession s, RouteRefreshMessage r) {
            log.add("refresh");
        }

        @Override
        public void onDown(BgpSession s, TransitionReason reason, boolean gr) {
            lastDownGraceful = gr;
            log.add("down " + reason + " gr=" + gr);
        }
    }

    /** Two namespaces and a transport in ours. */
    private static final class Setup {
        final NetnsLab lab = new NetnsLab();
        final int n;
        final String daemonNs;
        final String ourNs;
        final BgpTransport transport;
        final Events events = new Events();

        Setup(int n) {
            this.n = n;
            try {
                daemonNs = lab.namespace("d");
                ourNs = lab.namespace("s");
                lab.veth(
                        daemonNs,
                        "v0",
                        List.of("10.255." + n + ".1/30", "fd00:255:" + n + "::1/64"),
                        ourNs,
                        "v1",
                        List.of("10.255." + n + ".2/30", "fd00:255:" + n + "::2/64"));
                transport = lab.closeLater(BgpTransport.create(lab.thread(ourNs)));
            } catch (RuntimeException e) {
                lab.close();
                throw e;
            }
        }

        String daemon4() {
            return "10.255." + n + ".1";
        }

        String ours4() {
            return "10.255." + n + ".2";
        }

        PeerConfig.Builder peer(String addr, long remoteAs) {
            return PeerConfig.builder(ip(addr), remoteAs).connectRetry(Duration.ofSeconds(2));
        }

        BgpPeer start(PeerConfig config, long localAs) {
            BgpPeer p = new BgpPeer(
                    config,
                    new LocalSpeaker(localAs, 0x0AFF0002 + (n << 8)),
                    events,
                    transport,
                    transport.eventLoop(),
                    Clock.systemUTC(),
                    new SplittableRandom(n));
            lab.closeLater(() -> p.adminShutdown("test over"));
            p.start();
            return p;
        }
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertEstablished(BgpPeer p, NetnsLab lab, String logFile) {
        assertTrue(
                NetnsLab.await(UP, () -> p.state() == SessionState.ESTABLISHED),
                "not Established (" + p.state() + ", " + p.stats() + "); daemon log:\n" + lab.read(logFile));
    }

    private static String birdProtocol(Setup s, long peerAs, String extra) {
        return "  local " + s.daemon4() + " as " + DAEMON_AS + ";\n  neighbor " + s.ours4() + " as " + peerAs
                + ";\n  graceful restart on;\n" + extra + "\n  ipv4 { import all; export none; };";
    }

    @Test
    void birdEbgpFourOctetAs() {
        Setup s = new Setup(11);
        try (NetnsLab lab = s.lab) {
            Daemons.bird(lab, s.daemonNs, s.daemon4(), birdProtocol(s, OUR_AS, ""));
            BgpPeer p = s.start(s.peer(s.daemon4(), DAEMON_AS).build(), OUR_AS);
            assertEstablished(p, lab, "bird.log");
            NegotiatedSession n = s.events.negotiated;
            assertTrue(n.fourOctetAs());
            assertEquals(DAEMON_AS, n.peerAs());
            assertTrue(n.gracefulRestart());
            assertTrue(n.routeRefresh());
            assertEquals(Set.of(Family.IPV4_UNICAST), n.families());
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(5), () -> Daemons.birdc(lab, "show protocols tor")
                            .contains("Established")),
                    Daemons.birdc(lab, "show protocols all tor"));
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(5), () -> s.events.log.contains("eor ipv4-unicast")),
                    "BIRD's End-of-RIB arrives: " + s.events.log);
        }
    }

    @Test
    void birdIbgp() {
        Setup s = new Setup(12);
        try (NetnsLab lab = s.lab) {
            Daemons.bird(lab, s.daemonNs, s.daemon4(), birdProtocol(s, DAEMON_AS, ""));
            BgpPeer p = s.start(s.peer(s.daemon4(), DAEMON_AS).build(), DAEMON_AS);
            assertEstablished(p, lab, "bird.log");
            assertTrue(p.peerInfo().isIbgp());
            assertEquals(255, p.outgoingTtl());
        }
    }

    @Test
    void frrEbgpIpv4AndIpv6() {
        Setup s = new Setup(13);
        try (NetnsLab lab = s.lab) {
            String v6 = "fd00:255:13::2";
            Daemons.frr(
                    lab,
                    s.daemonNs,
                    DAEMON_AS,
                    " bgp router-id " + s.daemon4()
                            + "\n no bgp ebgp-requires-policy\n no bgp default ipv4-unicast"
                            + "\n neighbor " + s.ours4() + " remote-as " + OUR_AS
                            + "\n neighbor " + v6 + " remote-as " + OUR_AS
                            + "\n address-family ipv4 unicast\n  neighbor " + s.ours4()
                            + " activate\n exit-address-family"
                            + "\n address-family ipv6 unicast\n  neighbor " + v6 + " activate\n exit-address-family");
            BgpPeer p4 = s.start(s.peer(s.daemon4(), DAEMON_AS).build(), OUR_AS);
            BgpPeer p6 = s.start(s.peer("fd00:255:13::1", DAEMON_AS).build(), OUR_AS);
            assertEstablished(p4, lab, "bgpd.log");
            assertEstablished(p6, lab, "bgpd.log");
            assertEquals(Set.of(Family.IPV6_UNICAST), p6.negotiated().families());
            String json = Daemons.vtysh(lab, "show bgp neighbors json");
            assertTrue(
                    NetnsLab.await(
                            Duration.ofSeconds(5),
                            () -> Daemons.vtysh(lab, "show bgp neighbors json")
                                            .split("\"bgpState\":\"Established\"", -1)
                                            .length
                                    == 3),
                    json);
        }
    }

    @Test
    void gobgpEbgp() {
        Setup s = new Setup(14);
        try (NetnsLab lab = s.lab) {
            Daemons.gobgp(
                    lab,
                    s.daemonNs,
                    "[global.config]\n  as = " + DAEMON_AS + "\n  router-id = \"" + s.daemon4()
                            + "\"\n  local-address-list = [\"" + s.daemon4() + "\"]\n"
                            + "[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"" + s.ours4()
                            + "\"\n    peer-as = " + OUR_AS + "\n"
                            + "  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n"
                            + "      afi-safi-name = \"ipv4-unicast\"\n");
            BgpPeer p = s.start(s.peer(s.daemon4(), DAEMON_AS).build(), OUR_AS);
            assertEstablished(p, lab, "gobgpd.out");
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(5), () -> Daemons.gobgp(lab, "neighbor")
                            .contains("Establ")),
                    Daemons.gobgp(lab, "neighbor"));
        }
    }

    @Test
    void exabgpConnectsToOurListener() throws Exception {
        Setup s = new Setup(15);
        try (NetnsLab lab = s.lab) {
            BgpPeer p = s.start(s.peer(s.daemon4(), DAEMON_AS).passive(true).build(), OUR_AS);
            s.transport
                    .listen(new InetSocketAddress(ip(s.ours4()), 179), a -> a.equals(ip(s.daemon4())) ? p : null)
                    .get(10, TimeUnit.SECONDS);
            Daemons.exabgp(
                    lab,
                    s.daemonNs,
                    "neighbor " + s.ours4() + " {\n  router-id " + s.daemon4()
                            + ";\n  local-address " + s.daemon4() + ";\n  local-as " + DAEMON_AS + ";\n  peer-as "
                            + OUR_AS
                            + ";\n  hold-time 90;\n  capability {\n    route-refresh;\n    graceful-restart 120;\n  }\n"
                            + "  family {\n    ipv4 unicast;\n  }\n}\n",
                    179);
            assertEstablished(p, lab, "exabgp.log");
            assertTrue(s.events.negotiated.gracefulRestart());
            assertEquals(DAEMON_AS, p.peerInfo().remoteAs());
            assertTrue( // ExaBGP writes its log line a moment after the session is up on our side
                    NetnsLab.await(
                            Duration.ofSeconds(5), () -> lab.read("exabgp.log").contains("connected to peer-1")),
                    lab.read("exabgp.log"));
            // ExaBGP's INFO log says no more; it would have sent a NOTIFICATION had it disliked anything
            assertFalse(
                    NetnsLab.await(Duration.ofSeconds(1), () -> p.state() != SessionState.ESTABLISHED),
                    "still Established: " + p.stats());
        }
    }

    @Test
    void holdTimerExpiresWhenPeerIsFrozen() {
        Setup s = new Setup(16);
        try (NetnsLab lab = s.lab) {
            Process bird = Daemons.bird(lab, s.daemonNs, s.daemon4(), birdProtocol(s, OUR_AS, "  hold time 3;"));
            BgpPeer p = s.start(s.peer(s.daemon4(), DAEMON_AS).holdTime(3).build(), OUR_AS);
            assertEstablished(p, lab, "bird.log");
            assertEquals(3, p.negotiated().holdTime());
            NetnsLab.signal(bird, "STOP");
            assertTrue(
                    NetnsLab.await(
                            Duration.ofSeconds(10), () -> s.events.log.contains("down HOLD_TIMER_EXPIRED gr=false")),
                    s.events.log.toString());
            NotificationMessage sent = p.stats().lastNotificationSent();
            assertEquals(NotificationCode.HOLD_TIMER_EXPIRED, sent.knownCode());
            NetnsLab.signal(bird, "CONT");
        }
    }

    @Test
    void md5MatchingPasswordEstablishesMismatchNever() {
        Setup s = new Setup(17);
        try (NetnsLab lab = s.lab) {
            Daemons.bird(lab, s.daemonNs, s.daemon4(), birdProtocol(s, OUR_AS, "  password \"pr-secret-1\";"));
            BgpPeer wrong = s.start(
                    s.peer(s.daemon4(), DAEMON_AS).password("not-the-secret").build(), OUR_AS);
            assertFalse(
                    NetnsLab.await(Duration.ofSeconds(5), () -> wrong.state().compareTo(SessionState.OPEN_SENT) >= 0),
                    "a wrong MD5 key must not even get a TCP connection up: " + wrong.state());
            wrong.adminShutdown("wrong key");
            BgpPeer right = s.start(
                    s.peer(s.daemon4(), DAEMON_AS).password("pr-secret-1").build(), OUR_AS);
            assertEstablished(right, lab, "bird.log");
        }
    }

    @Test
    void gtsmDropsPeerWhosePacketsArriveWithLowTtl() {
        Setup s = new Setup(18);
        try (NetnsLab lab = s.lab) {
            // BIRD without TTL security sends TTL 1 (directly connected eBGP): below our minimum of 255
            Daemons.bird(lab, s.daemonNs, s.daemon4(), birdProtocol(s, OUR_AS, ""));
            BgpPeer p =
                    s.start(s.peer(s.daemon4(), DAEMON_AS).ttlSecurityHops(1).build(), OUR_AS);
            assertFalse(
                    NetnsLab.await(Duration.ofSeconds(5), () -> p.state() == SessionState.ESTABLISHED),
                    "packets with TTL 1 must be dropped by IP_MINTTL 255");
        }
    }

    @Test
    void gtsmAcceptsPeerSendingTtl255() {
        Setup s = new Setup(19);
        try (NetnsLab lab = s.lab) {
            Daemons.bird(lab, s.daemonNs, s.daemon4(), birdProtocol(s, OUR_AS, "  ttl security on;"));
            BgpPeer p =
                    s.start(s.peer(s.daemon4(), DAEMON_AS).ttlSecurityHops(1).build(), OUR_AS);
            assertEstablished(p, lab, "bird.log");
        }
    }

    @Test
    void gracefulRestartOfPeerIsSeen() {
        Setup s = new Setup(20);
        try (NetnsLab lab = s.lab) {
            String proto = birdProtocol(s, OUR_AS, "");
            Process bird = Daemons.bird(lab, s.daemonNs, s.daemon4(), proto);
            BgpPeer p = s.start(s.peer(s.daemon4(), DAEMON_AS).build(), OUR_AS);
            assertEstablished(p, lab, "bird.log");
            assertFalse(p.negotiated().peerRestarting());
            bird.destroyForcibly();
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(s.events.lastDownGraceful)),
                    "session down with graceful restart applying: " + s.events.log);
            // BIRD restarted in graceful-restart recovery mode advertises the Restart State bit
            Daemons.bird(lab, s.daemonNs, s.daemon4(), proto, "-R");
            assertEstablished(p, lab, "bird.log");
            assertTrue(
                    p.negotiated().peerRestarting(),
                    "restart bit seen: " + p.negotiated().peerGracefulRestart());
        }
    }

    @Test
    void md5OnListeningSocketAcceptsSignedPeer() throws Exception {
        Setup s = new Setup(21);
        try (NetnsLab lab = s.lab) {
            BgpPeer p = s.start(
                    s.peer(s.daemon4(), DAEMON_AS)
                            .passive(true)
                            .password("pr-secret-2")
                            .build(),
                    OUR_AS);
            s.transport.setPasswords(
                    java.util.Map.of(ip(s.daemon4()), p.config().passwordBytes()));
            s.transport
                    .listen(new InetSocketAddress(ip(s.ours4()), 179), a -> a.equals(ip(s.daemon4())) ? p : null)
                    .get(10, TimeUnit.SECONDS);
            // BIRD connects to us (we never connect: passive), signing with the key
            Daemons.bird(
                    lab,
                    s.daemonNs,
                    s.daemon4(),
                    birdProtocol(
                            s,
                            OUR_AS,
                            "  password \"pr-secret-2\";\n  connect delay time 1;\n  connect retry time 1;"));
            assertEstablished(p, lab, "bird.log");
        }
    }
}
