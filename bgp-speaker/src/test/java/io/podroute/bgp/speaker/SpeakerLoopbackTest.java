package io.podroute.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.testing.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two speakers on the host's loopback (127.0.0.1 and 127.0.0.2, free high ports): no root, no
 * namespace, so it runs in every build. A run-time policy change: the import side asks its peer for the
 * routes again (enhanced route refresh between two podroutes) without resetting the session; the
 * export side sends only the difference; policies set before Established apply at Established.
 */
class SpeakerLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final InetAddress A = SpeakerInteropIT.ip("127.0.0.1");
    private static final InetAddress B = SpeakerInteropIT.ip("127.0.0.2");
    private static final Prefix KEPT = Prefix.parse("10.1.0.0/24");
    private static final Prefix FILTERED = Prefix.parse("10.2.0.0/24");
    private static final Prefix FROM_A = Prefix.parse("10.9.0.0/24");
    private static final Prefix GHOST = Prefix.parse("10.3.0.0/24");

    private BgpSpeaker a;
    private BgpSpeaker b;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static int freePort(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BgpSpeaker speaker(InetAddress self, int port, long as, SpeakerPeer peer) {
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(as, 0x0A000000 | (self.getAddress()[3] & 0xFF)).withOwnAddresses(Set.of(self)),
                List.of(new InetSocketAddress(self, port)),
                self,
                null,
                false);
        return BgpSpeaker.start(cfg, List.of(peer), Runnable::run);
    }

    private static SpeakerPeer peer(
            InetAddress self, InetAddress remote, int remotePort, long remoteAs, RoutePolicy in) {
        PeerConfig session = PeerConfig.builder(remote, remoteAs)
                .remotePort(remotePort)
                .sourceAddress(self)
                .connectRetry(Duration.ofSeconds(1))
                .build();
        return new SpeakerPeer(session, in, RoutePolicy.ACCEPT_ALL, null, false);
    }

    private static LocalRoute route(Prefix p) {
        return new LocalRoute(p, PathAttributes.of(Origin.IGP, AsPath.EMPTY));
    }

    private static boolean fresh(BgpSpeaker s, Prefix p) {
        return s.query(r -> r.best(p)).map(r -> !r.stale()).orElse(false);
    }

    private static boolean has(BgpSpeaker s, Prefix p) {
        return s.query(r -> r.best(p)).isPresent();
    }

    @Test
    void policyChangesUseRouteRefreshAndExportDifference() {
        int portA = freePort(A);
        int portB = freePort(B);
        // A starts with a policy rejecting FILTERED (set while not Established: applies at Established).
        a = speaker(A, portA, 65001, peer(A, B, portB, 65002, RoutePolicy.ACCEPT_ALL));
        assertEquals(
                PolicyChange.NOT_ESTABLISHED, a.setPolicies(B, new RejectPrefix(FILTERED), RoutePolicy.ACCEPT_ALL));
        b = speaker(B, portB, 65002, peer(B, A, portA, 65001, RoutePolicy.ACCEPT_ALL));
        b.setAdvertisements(List.of(route(KEPT), route(FILTERED)));
        a.setAdvertisements(List.of(route(FROM_A)));
        assertTrue(NetnsLab.await(WAIT, () -> fresh(a, KEPT) && has(b, FROM_A)), "routes both ways: " + a.peers());
        assertTrue(!has(a, FILTERED), "the policy set before Established applies");
        assertTrue(
                a.peers().get(0).importPolicy().contains("configured"),
                a.peers().get(0).importPolicy());

        // Import policy: accept all now; B re-sends and FILTERED arrives without a reset.
        assertEquals(PolicyChange.ROUTE_REFRESH, a.setPolicies(B, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL));
        assertTrue(NetnsLab.await(WAIT, () -> fresh(a, FILTERED)), "accepted after the refresh");
        // A path B no longer has but never withdrew (injected, as if an UPDATE had been lost): the
        // enhanced refresh's End-of-RIB-Refresh sweeps it (a plain refresh would keep it).
        PeerInfo bInfo = a.peers().get(0).established();
        a.query(r -> {
            r.applyUpdate(
                    bInfo,
                    UpdateMessage.of(
                            PrefixList.EMPTY_IPV4,
                            PathAttributes.of(Origin.IGP, AsPath.sequence(65002), new NextHop(0x7F000002)),
                            PrefixList.of(false, List.of(GHOST))),
                    RoutePolicy.ACCEPT_ALL);
            return null;
        });
        assertTrue(has(a, GHOST));
        // And back: the re-sent FILTERED is rejected, which withdraws the path accepted before.
        assertEquals(PolicyChange.ROUTE_REFRESH, a.setPolicies(B, new RejectPrefix(FILTERED), RoutePolicy.ACCEPT_ALL));
        assertTrue(NetnsLab.await(WAIT, () -> !has(a, FILTERED)), "withdrawn by the new policy");
        assertTrue(NetnsLab.await(WAIT, () -> fresh(a, KEPT)), "KEPT not left stale");
        assertTrue(NetnsLab.await(WAIT, () -> !has(a, GHOST)), "not re-sent: swept at End-of-RIB-Refresh");
        assertEquals(PolicyChange.NO_CHANGE, a.setPolicies(B, new RejectPrefix(FILTERED), RoutePolicy.ACCEPT_ALL));

        // Export policy: only the difference goes out.
        long updatesBefore = a.peers().get(0).stats().updatesOut();
        assertEquals(
                PolicyChange.EXPORT_RESENT, a.setPolicies(B, new RejectPrefix(FILTERED), new RejectPrefix(FROM_A)));
        assertTrue(NetnsLab.await(WAIT, () -> !has(b, FROM_A)), "export withdrawal reached B");
        assertEquals(updatesBefore + 1, a.peers().get(0).stats().updatesOut(), "one withdrawal UPDATE");

        for (PeerStatus p : List.of(a.peers().get(0), b.peers().get(0))) {
            assertEquals(SessionState.ESTABLISHED, p.state());
            assertEquals(1, p.stats().establishedTransitions(), "never reset: " + p);
        }
        Route kept = a.query(r -> r.best(KEPT)).orElseThrow();
        assertEquals(B, kept.nextHop().address());
        assertThrows(
                IllegalArgumentException.class,
                () -> a.setPolicies(SpeakerInteropIT.ip("127.0.0.9"), null, null),
                "unknown peer");
    }
}
