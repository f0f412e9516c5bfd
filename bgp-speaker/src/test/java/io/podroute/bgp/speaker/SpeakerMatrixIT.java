package io.podroute.bgp.speaker;

import static io.podroute.bgp.speaker.DaemonLab.DAEMON_AS;
import static io.podroute.bgp.speaker.DaemonLab.best;
import static io.podroute.bgp.speaker.DaemonLab.has;
import static io.podroute.bgp.speaker.DaemonLab.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.policy.MaxPrefixAction;
import io.podroute.bgp.policy.MaxPrefixConfig;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.rib.RibListener;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.speaker.MatrixDaemon.Knobs;
import io.podroute.bgp.speaker.MatrixDaemon.Ttl;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The interop matrix of issue 3 for FRR bgpd, GoBGP and ExaBGP (BIRD's column is in {@link
 * SpeakerInteropIT}, {@link SpeakerDaemonsIT} and {@link SpeakerBirdIT}): one test per behaviour,
 * parameterised by daemon through {@link MatrixDaemon}. eBGP uses 4-byte ASNs; every lab is closed by
 * try-with-resources, also when an assertion fails.
 */
// "try": each test names its lab only to close it (daemons, speakers, namespaces) in every case
@SuppressWarnings("try")
@RequiresRoot(binaries = {"/usr/lib/frr/bgpd", "/usr/bin/vtysh", "/usr/bin/gobgpd", "/usr/sbin/exabgp", "ip"})
class SpeakerMatrixIT {
    private static final Prefix OURS = Prefix.parse("10.244.1.0/26");
    private static final Prefix A = Prefix.parse("10.244.2.0/26");
    private static final Prefix B = Prefix.parse("10.244.3.0/26");
    private static final Prefix OURS6 = Prefix.parse("fd00:244:1::/64");
    private static final Prefix A6 = Prefix.parse("fd00:244:2::/64");
    /** Long enough to tell "never" from "slow" on a shared 2-core machine, short enough for the budget. */
    private static final Duration NEVER = Duration.ofSeconds(4);

    @ParameterizedTest
    @EnumSource(MatrixDaemon.class)
    void ibgpRoutesBothWaysWithLocalPref(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(41);
        try (NetnsLab lab = l.lab()) {
            Knobs k = Knobs.ebgp(A).ibgp();
            d.start(l, k);
            BgpSpeaker s = speaker(l, d, k, b -> b);
            s.setAdvertisements(List.of(local(OURS)));
            assertTrue(l.await(() -> has(s, A)), d + "'s route: " + s.peers() + logs(l));
            Route r = best(s, A).orElseThrow();
            assertTrue(r.peer().isIbgp(), r.toString());
            assertNotNull(r.attributes().find(LocalPref.class), "LOCAL_PREF from an iBGP peer: " + r);
            assertTrue(
                    l.await(() -> d.hasLocalPref(d.received(l, k, OURS), 100)),
                    d + " got our route with LOCAL_PREF 100: " + d.received(l, k, OURS) + dump(l, d, k));
            bothWithdrawals(l, d, k, s, OURS, A);
        }
    }

    /** FRR's IPv6 column is {@link SpeakerDaemonsIT#frrIpv4AndIpv6BothWays}. */
    @ParameterizedTest
    @EnumSource(names = {"GOBGP", "EXABGP"})
    void ipv6RoutesBothWays(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(42);
        try (NetnsLab lab = l.lab()) {
            Knobs k = Knobs.ebgp(A6).overIpv6();
            d.start(l, k);
            BgpSpeaker s = speaker(l, d, k, b -> b);
            s.setAdvertisements(List.of(local(OURS6)));
            assertTrue(l.await(() -> has(s, A6)), d + "'s IPv6 route: " + s.peers() + logs(l));
            assertEquals(
                    SpeakerInteropIT.ip(l.daemon6()),
                    best(s, A6).orElseThrow().nextHop().address());
            assertTrue(l.await(() -> !d.received(l, k, OURS6).isEmpty()), d + " got our IPv6 route: " + dump(l, d, k));
            assertTrue(d.received(l, k, OURS6).contains(l.ours6()), "our global next hop: " + d.received(l, k, OURS6));
            bothWithdrawals(l, d, k, s, OURS6, A6);
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixDaemon.class)
    void holdTimerExpiresWhenDaemonIsFrozen(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(43);
        try (NetnsLab lab = l.lab()) {
            Knobs k = Knobs.ebgp(A).hold(3);
            Process daemon = d.start(l, k);
            BgpSpeaker s = speaker(l, d, k, b -> b.holdTime(3));
            assertTrue(l.await(() -> has(s, A)), d + "'s route: " + s.peers() + logs(l));
            MatrixDaemon.freeze(daemon);
            long frozenAt = System.nanoTime();
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(10), () -> sent(s) != null), "hold timer expiry: " + s.peers());
            long ms = Duration.ofNanos(System.nanoTime() - frozenAt).toMillis();
            assertEquals(
                    NotificationCode.HOLD_TIMER_EXPIRED,
                    sent(s).knownCode(),
                    s.peers().toString());
            assertTrue(ms >= 1500, "not before the 3 s hold time (less the last keepalive's age): " + ms + " ms");
            // A NOTIFICATION ends graceful restart: the frozen peer's route goes at once.
            assertTrue(l.await(() -> !has(s, A)), "route gone: " + best(s, A));
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixDaemon.class)
    void md5MismatchNeverEstablishesMatchDoes(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(44);
        try (NetnsLab lab = l.lab()) {
            Knobs k = Knobs.ebgp(A).md5("pr-secret-1");
            d.start(l, k);
            try (BgpSpeaker wrong = unmanagedSpeaker(l, d, k, b -> b.password("not-the-secret"))) {
                assertNeverEstablished(wrong, d + " with another MD5 key");
            }
            BgpSpeaker s = speaker(l, d, k, b -> b.password("pr-secret-1"));
            assertTrue(l.await(() -> has(s, A)), d + " with the same MD5 key: " + s.peers() + logs(l));
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixDaemon.class)
    void gtsmDropsTtl1AcceptsTtl255(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(45);
        try (NetnsLab lab = l.lab()) {
            // FRR and GoBGP send TTL 1 to a directly connected eBGP peer by default; ExaBGP does not set
            // the TTL (the kernel's 64), so it is told outgoing-ttl 1.
            Knobs low = Knobs.ebgp(A).sending(d == MatrixDaemon.EXABGP ? Ttl.ONE : Ttl.DEFAULT);
            Process daemon = d.start(l, low);
            try (BgpSpeaker dropping = unmanagedSpeaker(l, d, low, b -> b.ttlSecurityHops(1))) {
                assertNeverEstablished(dropping, d + " sending TTL 1 to our GTSM");
            }
            // A new speaker: the first one's connection waits in OpenSent (240 s hold) for an OPEN it
            // will never see, since even the peer's FIN arrives with a low TTL and is dropped.
            MatrixDaemon.crash(daemon);
            d.start(l, Knobs.ebgp(A).sending(Ttl.SECURITY_255));
            BgpSpeaker s = speaker(l, d, low, b -> b.ttlSecurityHops(1));
            assertTrue(l.await(() -> has(s, A)), d + " sending TTL 255: " + s.peers() + logs(l));
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixDaemon.class)
    void gracefulRestartKeepsRoutesUntilEndOfRib(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(46);
        try (NetnsLab lab = l.lab()) {
            Knobs k = Knobs.ebgp(A, B).gracefulRestart(30);
            Process daemon = d.start(l, k);
            BgpSpeaker s = speaker(l, d, k, b -> b);
            assertTrue(l.await(() -> fresh(s, A) && fresh(s, B)), d + "'s routes: " + s.peers() + logs(l));

            MatrixDaemon.crash(daemon);
            assertTrue(l.await(() -> state(s) != SessionState.ESTABLISHED), "session down: " + s.peers());
            assertTrue(stale(s, A) && stale(s, B), "kept as stale: " + best(s, A) + best(s, B));

            List<BestPathChange> events = new CopyOnWriteArrayList<>();
            RibListener listener = events::addAll;
            s.addListener(listener);
            d.start(l, k.restartedWith(A));
            assertTrue(
                    l.await(() -> !has(s, B) && fresh(s, A)),
                    "after " + d + "'s End-of-RIB: " + best(s, A) + best(s, B) + s.peers() + logs(l));
            assertEquals(SessionState.ESTABLISHED, state(s));
            assertTrue(
                    events.stream().noneMatch(e -> e.prefix().equals(A) && e.kind() == BestPathChange.Kind.WITHDRAW),
                    "A never left the Loc-RIB through the restart: " + events);
            s.removeListener(listener);
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixDaemon.class)
    void maxPrefixTripsWithCease61(MatrixDaemon d) {
        DaemonLab l = DaemonLab.create(47);
        try (NetnsLab lab = l.lab()) {
            Knobs k = Knobs.ebgp(A, B);
            d.start(l, k);
            MaxPrefixConfig limit = new MaxPrefixConfig(1, 75, MaxPrefixAction.TEARDOWN, 60L);
            PeerConfig session = config(l, d, k, b -> b);
            BgpSpeaker s = speaker(
                    l,
                    k,
                    !d.listens(),
                    new SpeakerPeer(session, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, limit, false));
            assertTrue(l.await(() -> sent(s) != null), "a NOTIFICATION was sent: " + s.peers() + logs(l));
            assertEquals(NotificationCode.CEASE_MAX_PREFIXES, sent(s).knownCode());
            assertTrue(
                    l.await(() -> state(s) != SessionState.ESTABLISHED),
                    s.peers().toString());
            assertTrue(l.await(() -> !has(s, A) && !has(s, B)), "the peer's routes are gone: " + best(s, A));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void bothWithdrawals(
            DaemonLab l, MatrixDaemon d, Knobs k, BgpSpeaker s, Prefix ours, Prefix theirs) {
        s.setAdvertisements(List.of());
        assertTrue(l.await(() -> d.received(l, k, ours).isEmpty()), d + " saw our withdrawal: " + dump(l, d, k));
        d.withdraw(l, k, theirs);
        assertTrue(l.await(() -> !has(s, theirs)), d + "'s withdrawal: " + best(s, theirs));
    }

    private static void assertNeverEstablished(BgpSpeaker s, String what) {
        boolean up = NetnsLab.await(NEVER, () -> s.peers().get(0).stats().establishedTransitions() > 0);
        assertTrue(!up, what + " must never reach Established: " + s.peers());
    }

    private static PeerConfig config(DaemonLab l, MatrixDaemon d, Knobs k, UnaryOperator<PeerConfig.Builder> knobs) {
        return knobs.apply(l.session(k.daemon(l), k.daemonAs()).passive(!d.listens()))
                .build();
    }

    private static BgpSpeaker speaker(DaemonLab l, MatrixDaemon d, Knobs k, UnaryOperator<PeerConfig.Builder> knobs) {
        return speaker(l, k, !d.listens(), DaemonLab.open(config(l, d, k, knobs)));
    }

    private static BgpSpeaker speaker(DaemonLab l, Knobs k, boolean listen, SpeakerPeer peer) {
        return l.lab().closeLater(start(l, k, listen, peer));
    }

    /** A speaker the test closes itself (so that a second one can take port 179). */
    private static BgpSpeaker unmanagedSpeaker(
            DaemonLab l, MatrixDaemon d, Knobs k, UnaryOperator<PeerConfig.Builder> knobs) {
        return start(l, k, !d.listens(), DaemonLab.open(config(l, d, k, knobs)));
    }

    private static BgpSpeaker start(DaemonLab l, Knobs k, boolean listen, SpeakerPeer peer) {
        InetAddress v4 = SpeakerInteropIT.ip(l.ours4());
        InetAddress v6 = SpeakerInteropIT.ip(l.ours6());
        long localAs = k.ibgpSession() ? DAEMON_AS : DaemonLab.OUR_AS;
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(localAs, 0x0AFF0002 + (l.n() << 8)).withOwnAddresses(Set.of(v4, v6)),
                listen ? List.of(new InetSocketAddress(k.ipv6() ? v6 : v4, 179)) : List.of(),
                v4,
                v6,
                false);
        return BgpSpeaker.start(cfg, List.of(peer), l.lab().thread(l.ourNs()));
    }

    private static NotificationMessage sent(BgpSpeaker s) {
        return s.peers().get(0).stats().lastNotificationSent();
    }

    private static SessionState state(BgpSpeaker s) {
        return s.peers().get(0).state();
    }

    private static boolean stale(BgpSpeaker s, Prefix p) {
        return best(s, p).map(Route::stale).orElse(false);
    }

    private static boolean fresh(BgpSpeaker s, Prefix p) {
        return best(s, p).map(r -> !r.stale()).orElse(false);
    }

    private static String dump(DaemonLab l, MatrixDaemon d, Knobs k) {
        return "\n" + d.received(l, k, k.ipv6() ? OURS6 : OURS) + logs(l);
    }

    private static String logs(DaemonLab l) {
        NetnsLab lab = l.lab();
        return "\n" + lab.read("bgpd.log") + lab.read("gobgpd.out") + lab.read("exabgp.log") + lab.read("exabgp.out")
                + lab.read("exabgp-received.json");
    }
}
