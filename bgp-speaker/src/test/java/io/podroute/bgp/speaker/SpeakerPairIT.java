package io.podroute.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.EcmpNextHop;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Podroute speakers peering with each other over loopback addresses inside one namespace (no daemon,
 * fast): A (127.0.0.1, AS 65001) peers with B (127.0.0.2) and C (127.0.0.3), both AS 65002. Every
 * speaker listens and connects (collisions resolved by the sessions). Routes both ways, withdrawals,
 * ECMP over B and C, and policy changes at run time (enhanced route refresh between two podroutes).
 */
@RequiresRoot(binaries = {"ip"})
class SpeakerPairIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final InetAddress A = SpeakerInteropIT.ip("127.0.0.1");
    private static final InetAddress B = SpeakerInteropIT.ip("127.0.0.2");
    private static final InetAddress C = SpeakerInteropIT.ip("127.0.0.3");
    private static final Prefix SHARED = Prefix.parse("10.1.0.0/24");
    private static final Prefix ONLY_B = Prefix.parse("10.2.0.0/24");
    private static final Prefix FROM_A = Prefix.parse("10.9.0.0/24");
    private static final Prefix FROM_A_2 = Prefix.parse("10.9.1.0/24");

    private static LocalRoute route(Prefix p) {
        return new LocalRoute(p, PathAttributes.of(Origin.IGP, AsPath.EMPTY));
    }

    private static PeerConfig session(InetAddress self, InetAddress remote, long remoteAs) {
        return PeerConfig.builder(remote, remoteAs)
                .sourceAddress(self)
                .connectRetry(Duration.ofSeconds(1))
                .build();
    }

    private static SpeakerPeer peer(InetAddress self, InetAddress remote, long remoteAs) {
        return new SpeakerPeer(
                session(self, remote, remoteAs), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, null, false);
    }

    private static BgpSpeaker speaker(NetnsLab lab, String ns, InetAddress self, long as, List<SpeakerPeer> peers) {
        byte[] b = self.getAddress();
        int routerId = 0x0A000000 | (b[3] & 0xFF);
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(as, routerId).withOwnAddresses(Set.of(self)),
                List.of(new InetSocketAddress(self, 179)),
                self,
                null,
                false);
        return lab.closeLater(BgpSpeaker.start(cfg, peers, lab.thread(ns)));
    }

    private static boolean established(BgpSpeaker s) {
        return s.peers().stream().allMatch(p -> p.state() == SessionState.ESTABLISHED);
    }

    private static Set<InetAddress> hops(BgpSpeaker s, Prefix p) {
        return s.query(r -> r.nextHops(p)).stream()
                .map(h -> h.nextHop().address())
                .collect(Collectors.toSet());
    }

    @Test
    void routesBothWaysWithdrawalsAndEcmp() {
        try (NetnsLab lab = new NetnsLab()) {
            String ns = lab.namespace("pair");
            BgpSpeaker a = speaker(lab, ns, A, 65001, List.of(peer(A, B, 65002), peer(A, C, 65002)));
            BgpSpeaker b = speaker(lab, ns, B, 65002, List.of(peer(B, A, 65001)));
            BgpSpeaker c = speaker(lab, ns, C, 65002, List.of(peer(C, A, 65001)));
            List<BestPathChange> events = new CopyOnWriteArrayList<>();
            a.addListener(events::addAll);
            b.setAdvertisements(List.of(route(SHARED), route(ONLY_B)));
            c.setAdvertisements(List.of(route(SHARED)));
            a.setAdvertisements(List.of(route(FROM_A)));
            assertTrue(NetnsLab.await(WAIT, () -> established(a) && established(b) && established(c)), "" + a.peers());

            assertTrue(NetnsLab.await(WAIT, () -> hops(a, SHARED).equals(Set.of(B, C))), "ECMP: " + hops(a, SHARED));
            assertTrue(
                    NetnsLab.await(WAIT, () -> events.stream()
                            .anyMatch(e -> e.prefix().equals(SHARED)
                                    && e.nextHops().stream()
                                            .map(EcmpNextHop::nextHop)
                                            .map(h -> h.address())
                                            .collect(Collectors.toSet())
                                            .equals(Set.of(B, C)))),
                    "a best-path event carries both next hops: " + events);
            assertTrue(NetnsLab.await(WAIT, () -> hops(a, ONLY_B).equals(Set.of(B))));
            assertTrue(NetnsLab.await(WAIT, () -> hops(b, FROM_A).equals(Set.of(A))), "A's route at B");
            assertTrue(NetnsLab.await(WAIT, () -> hops(c, FROM_A).equals(Set.of(A))), "A's route at C");
            Route atB = b.query(r -> r.best(FROM_A).orElseThrow());
            assertTrue(atB.attributes().find(AsPath.class).contains(65001), "A prepended its AS: " + atB);

            // B withdraws: the shared prefix is left with C alone, B's own prefix goes.
            events.clear();
            b.setAdvertisements(List.of());
            assertTrue(NetnsLab.await(WAIT, () -> hops(a, SHARED).equals(Set.of(C))), "after B's withdrawal");
            assertTrue(NetnsLab.await(WAIT, () -> hops(a, ONLY_B).isEmpty()));
            assertTrue(events.stream()
                    .anyMatch(e -> e.kind() == BestPathChange.Kind.WITHDRAW
                            && e.prefix().equals(ONLY_B)));
            // A withdraws: B and C drop it.
            a.setAdvertisements(List.of());
            assertTrue(NetnsLab.await(
                    WAIT, () -> hops(b, FROM_A).isEmpty() && hops(c, FROM_A).isEmpty()));
            assertEquals(1, a.peers().get(0).stats().establishedTransitions(), "no flap: " + a.peers());
        }
    }

    @Test
    void policyChangesApplyWithoutResettingTheSession() {
        try (NetnsLab lab = new NetnsLab()) {
            String ns = lab.namespace("pol");
            BgpSpeaker a = speaker(lab, ns, A, 65001, List.of(peer(A, B, 65002)));
            BgpSpeaker b = speaker(lab, ns, B, 65002, List.of(peer(B, A, 65001)));
            b.setAdvertisements(List.of(route(SHARED), route(ONLY_B)));
            a.setAdvertisements(List.of(route(FROM_A), route(FROM_A_2)));
            assertTrue(NetnsLab.await(
                    WAIT,
                    () -> hops(a, SHARED).equals(Set.of(B))
                            && hops(a, ONLY_B).equals(Set.of(B))
                            && hops(b, FROM_A_2).equals(Set.of(A))));

            // Import: the new policy rejects ONLY_B; B re-sends, ONLY_B goes, SHARED stays (not stale).
            assertEquals(
                    PolicyChange.ROUTE_REFRESH, a.setPolicies(B, new RejectPrefix(ONLY_B), RoutePolicy.ACCEPT_ALL));
            assertTrue(NetnsLab.await(WAIT, () -> hops(a, ONLY_B).isEmpty()), "rejected after refresh");
            assertTrue(NetnsLab.await(
                    WAIT, () -> !a.query(r -> r.best(SHARED).map(Route::stale).orElse(true))));
            assertEquals(Set.of(B), hops(a, SHARED));
            // The same policy again (an equal value) is no change; back to accept-all brings ONLY_B back.
            assertEquals(PolicyChange.NO_CHANGE, a.setPolicies(B, new RejectPrefix(ONLY_B), RoutePolicy.ACCEPT_ALL));
            assertEquals(PolicyChange.ROUTE_REFRESH, a.setPolicies(B, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL));
            assertTrue(NetnsLab.await(WAIT, () -> hops(a, ONLY_B).equals(Set.of(B))), "accepted again");

            // Export: stop sending FROM_A_2; B loses it, keeps FROM_A.
            assertEquals(
                    PolicyChange.EXPORT_RESENT, a.setPolicies(B, RoutePolicy.ACCEPT_ALL, new RejectPrefix(FROM_A_2)));
            assertTrue(NetnsLab.await(WAIT, () -> hops(b, FROM_A_2).isEmpty()), "export withdrawal");
            assertEquals(Set.of(A), hops(b, FROM_A));
            assertEquals(1, a.peers().get(0).advertisedIpv4());

            List<PeerStatus> st = new ArrayList<>(a.peers());
            st.addAll(b.peers());
            for (PeerStatus p : st) {
                assertEquals(1, p.stats().establishedTransitions(), "no session reset: " + p);
            }
            assertFalse((boolean) a.query(r -> r.best(SHARED).orElseThrow().stale()));
        }
    }
}
