package io.podroute.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.BgpPeer;
import io.podroute.bgp.session.BgpSession;
import io.podroute.bgp.session.LocalSpeaker;
import io.podroute.bgp.session.NegotiatedSession;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionListener;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.TransitionReason;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.transport.BgpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The speaker against a bare {@link BgpPeer} that records what it receives, on the host's loopback (no
 * root). RFC 2918 §4 / RFC 7313 §4: a ROUTE-REFRESH for one family is answered with that family's routes
 * only, between a Beginning- and End-of-RIB-Refresh for that family, and no End-of-RIB. RFC 4724 §3: a
 * restarting speaker's OPEN has R=1 only until End-of-RIB went to every peer or the restart time ran
 * out; F=1 stays.
 */
class SpeakerBarePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final InetAddress A = SpeakerInteropIT.ip("127.0.0.1");
    private static final InetAddress B = SpeakerInteropIT.ip("127.0.0.2");
    private static final InetAddress A6 = SpeakerInteropIT.ip("fd00:1::1");
    private static final Prefix V4 = Prefix.parse("10.1.0.0/24");
    private static final Prefix V6 = Prefix.parse("fd00:10:1::/64");
    private static final Set<Family> BOTH = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);

    private BgpSpeaker speaker;
    private BgpTransport transport;

    @AfterEach
    void close() {
        if (speaker != null) {
            speaker.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private static int freePort(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the bare peer received, one line per message. */
    private static final class Recorder implements SessionListener {
        final List<String> got = new CopyOnWriteArrayList<>();

        @Override
        public void onEstablished(BgpSession session, PeerInfo peer, NegotiatedSession negotiated) {}

        @Override
        public void onUpdate(BgpSession session, UpdateMessage u) {
            if (u.endOfRibFamily() != null) {
                got.add("EoR " + u.endOfRibFamily());
            } else if (u.mpReach() != null) {
                got.add("announce " + u.mpReach().nlri());
            } else {
                got.add("announce " + u.nlri() + " withdraw " + u.withdrawn());
            }
        }

        @Override
        public void onRouteRefresh(BgpSession session, RouteRefreshMessage rr) {
            got.add("refresh " + rr.subtype() + " " + rr.family());
        }

        @Override
        public void onDown(BgpSession session, TransitionReason reason, boolean gracefulRestartApplies) {}
    }

    private BgpSpeaker speaker(int port, boolean restarting, int restartTime) {
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(65001, 0x0A000001).withOwnAddresses(Set.of(A, A6)),
                List.of(new InetSocketAddress(A, port)),
                A,
                A6,
                restarting);
        PeerConfig toB = PeerConfig.builder(B, 65002)
                .passive(true)
                .families(BOTH)
                .restartTime(restartTime)
                .build();
        List<LocalRoute> routes = List.of(
                new LocalRoute(V4, PathAttributes.of(Origin.IGP, AsPath.EMPTY)),
                new LocalRoute(V6, PathAttributes.of(Origin.IGP, AsPath.EMPTY)));
        speaker = BgpSpeaker.start(
                cfg,
                List.of(new SpeakerPeer(toB, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, null, false)),
                routes,
                Runnable::run);
        return speaker;
    }

    private BgpPeer bare(int port, Recorder rec) {
        if (transport == null) {
            transport = BgpTransport.create();
        }
        PeerConfig toA = PeerConfig.builder(A, 65001)
                .remotePort(port)
                .sourceAddress(B)
                .families(BOTH)
                .connectRetry(Duration.ofSeconds(1))
                .build();
        return new BgpPeer(
                toA,
                new LocalSpeaker(65002, 0x0A000002),
                rec,
                transport,
                transport.eventLoop(),
                Clock.systemUTC(),
                new SecureRandom());
    }

    private static boolean synced(Recorder rec) {
        return rec.got.contains("EoR " + Family.IPV4_UNICAST) && rec.got.contains("EoR " + Family.IPV6_UNICAST);
    }

    /** The Restart State bit of the speaker's OPEN, and whether every family had F=1. */
    private static String restartBits(BgpPeer b) {
        GracefulRestartCapability gr = b.negotiated().peerGracefulRestart();
        boolean f = gr.families().stream().allMatch(GracefulRestartCapability.FamilyEntry::forwardingState);
        return "R=" + (gr.restartState() ? 1 : 0) + " F=" + (f ? 1 : 0);
    }

    @Test
    void restartBitUntilEndOfRibWentToEveryPeer() {
        int port = freePort(A);
        speaker(port, true, 120);
        Recorder rec = new Recorder();
        BgpPeer b = bare(port, rec);
        b.start();
        assertTrue(NetnsLab.await(WAIT, () -> synced(rec)), "first sync: " + rec.got);
        assertEquals("R=1 F=1", restartBits(b), "the OPEN right after the restart");

        // End-of-RIB went to the only peer: a session that comes up later gets R=0 (F=1 stays).
        b.adminShutdown("reconnect");
        assertTrue(NetnsLab.await(WAIT, () -> b.state() != SessionState.ESTABLISHED));
        rec.got.clear();
        b.start();
        assertTrue(NetnsLab.await(WAIT, () -> synced(rec)), "second sync: " + rec.got);
        assertEquals("R=0 F=1", restartBits(b), "a later OPEN");
    }

    @Test
    void restartBitClearedWhenTheRestartTimeRunsOut() {
        int port = freePort(A);
        speaker(port, true, 1); // the only peer never connects in time
        Recorder rec = new Recorder();
        BgpPeer b = bare(port, rec);
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        b.start();
        assertTrue(NetnsLab.await(WAIT, () -> synced(rec)), "sync: " + rec.got);
        assertEquals("R=0 F=1", restartBits(b), "R cleared after the 1 s restart time");
    }

    @Test
    void freshStartHasNeitherBit() {
        int port = freePort(A);
        speaker(port, false, 120);
        Recorder rec = new Recorder();
        BgpPeer b = bare(port, rec);
        b.start();
        assertTrue(NetnsLab.await(WAIT, () -> synced(rec)), "sync: " + rec.got);
        assertEquals("R=0 F=0", restartBits(b));
    }

    @Test
    void refreshOfOneFamilyResendsOnlyThatFamily() {
        int port = freePort(A);
        speaker(port, false, 120);
        Recorder rec = new Recorder();
        BgpPeer b = bare(port, rec);
        b.start();
        assertTrue(
                NetnsLab.await(
                        WAIT,
                        () -> rec.got.contains("EoR " + Family.IPV4_UNICAST)
                                && rec.got.contains("EoR " + Family.IPV6_UNICAST)
                                && rec.got.contains("announce [" + V4 + "] withdraw []")
                                && rec.got.contains("announce [" + V6 + "]")),
                "first sync: " + rec.got);
        assertTrue(b.negotiated().enhancedRouteRefresh());

        rec.got.clear();
        b.sendRouteRefresh(RouteRefreshMessage.request(Family.IPV6_UNICAST));
        String eorr = "refresh " + RouteRefreshMessage.END_OF_RIB_REFRESH + " " + Family.IPV6_UNICAST;
        assertTrue(NetnsLab.await(WAIT, () -> rec.got.contains(eorr)), "answer: " + rec.got);
        assertEquals(
                List.of(
                        "refresh " + RouteRefreshMessage.BEGIN_OF_RIB_REFRESH + " " + Family.IPV6_UNICAST,
                        "announce [" + V6 + "]",
                        eorr),
                rec.got,
                "IPv6 only, framed, no End-of-RIB");

        rec.got.clear();
        b.sendRouteRefresh(RouteRefreshMessage.request(Family.IPV4_UNICAST));
        String eorr4 = "refresh " + RouteRefreshMessage.END_OF_RIB_REFRESH + " " + Family.IPV4_UNICAST;
        assertTrue(NetnsLab.await(WAIT, () -> rec.got.contains(eorr4)), "answer: " + rec.got);
        assertEquals(
                List.of(
                        "refresh " + RouteRefreshMessage.BEGIN_OF_RIB_REFRESH + " " + Family.IPV4_UNICAST,
                        "announce [" + V4 + "] withdraw []",
                        eorr4),
                rec.got);
        assertEquals(SessionState.ESTABLISHED, b.state());
        assertEquals(1, speaker.peers().get(0).stats().establishedTransitions(), "never reset");
    }
}
