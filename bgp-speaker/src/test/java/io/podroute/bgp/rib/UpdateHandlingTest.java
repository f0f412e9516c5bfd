package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.addr;
import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.announce6;
import static io.podroute.bgp.rib.RibFixtures.announceWithIds;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.ibgp;
import static io.podroute.bgp.rib.RibFixtures.localPref;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static io.podroute.bgp.rib.RibFixtures.treatAsWithdraw;
import static io.podroute.bgp.rib.RibFixtures.withdraw;
import static io.podroute.bgp.rib.RibFixtures.withdraw6;
import static io.podroute.bgp.rib.RibFixtures.withdrawWithIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdateHandlingTest {
    private static final PeerInfo PEER = ebgp("192.0.2.1", 65001);
    private static final Prefix P1 = p("10.1.0.0/24");
    private static final Prefix P2 = p("10.2.0.0/24");
    private static final Prefix V6 = p("fd00:1::/64");
    private static final byte[] NH6 = RibFixtures.addr("fd00::1").getAddress();
    private static final byte[] LL6 = RibFixtures.addr("fe80::1").getAddress();

    private final Rib rib = new Rib(RibFixtures.config().withOwnAddresses(Set.of(addr("192.0.2.100"))));
    private final RibFixtures.Recorder events = new RibFixtures.Recorder();

    UpdateHandlingTest() {
        rib.addListener(events);
    }

    private void apply(PeerInfo peer, UpdateMessage u) {
        rib.applyUpdate(peer, u, RoutePolicy.ACCEPT_ALL);
    }

    @Test
    void announceAndWithdrawIpv4() {
        apply(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24", "10.2.0.0/24"));
        assertEquals(2, rib.prefixCount());
        Route r = rib.best(P1).orElseThrow();
        assertEquals(addr("192.0.2.1"), r.nextHop().address());
        assertNull(r.attributes().find(PathAttribute.NEXT_HOP), "NEXT_HOP is kept apart");
        apply(PEER, withdraw("10.1.0.0/24"));
        assertTrue(rib.best(P1).isEmpty());
        assertTrue(rib.best(P2).isPresent());
    }

    @Test
    void treatAsWithdrawRemovesThePreviouslyLearnedPath() {
        apply(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"));
        events.take();
        apply(PEER, treatAsWithdraw(announce(attrs(path(65001, 65002)), "192.0.2.1", "10.1.0.0/24")));
        assertTrue(rib.best(P1).isEmpty());
        assertEquals(0, rib.pathCount());
        assertEquals(BestPathChange.Kind.WITHDRAW, events.take().get(0).kind());
        assertEquals(1, rib.counters(PEER.address()).orElseThrow().treatAsWithdraw());
    }

    @Test
    void treatAsWithdrawCoversMpReachAndLeavesOtherPeersAlone() {
        PeerInfo other = ebgp("192.0.2.2", 65002);
        apply(PEER, announce6(attrs(path(65001)), NH6, "fd00:1::/64"));
        apply(other, announce6(attrs(path(65002)), RibFixtures.addr("fd00::2").getAddress(), "fd00:1::/64"));
        apply(PEER, treatAsWithdraw(announce6(attrs(path(65001)), NH6, "fd00:1::/64")));
        assertEquals(List.of(other), rib.paths(V6).stream().map(Route::peer).toList());
    }

    @Test
    void ipv6NextHopKeepsTheLinkLocalAndMpUnreachWithdraws() {
        byte[] both = new byte[32];
        System.arraycopy(NH6, 0, both, 0, 16);
        System.arraycopy(LL6, 0, both, 16, 16);
        apply(PEER, announce6(attrs(path(65001)), both, "fd00:1::/64"));
        Route r = rib.best(V6).orElseThrow();
        assertEquals(addr("fd00::1"), r.nextHop().address());
        assertEquals(addr("fe80::1"), r.nextHop().linkLocal());
        assertNull(r.attributes().find(PathAttribute.MP_REACH_NLRI));
        apply(PEER, withdraw6("fd00:1::/64"));
        assertTrue(rib.best(V6).isEmpty());
        assertEquals(0, rib.nextHopCount());
    }

    @Test
    void addPathKeepsSeveralPathsPerPrefixKeyedByPathId() {
        apply(PEER, announceWithIds(attrs(path(65001)), "192.0.2.1", new int[] {1, 2}, "10.1.0.0/24", "10.1.0.0/24"));
        apply(PEER, announceWithIds(attrs(path(65001, 65009)), "192.0.2.1", new int[] {3}, "10.1.0.0/24"));
        assertEquals(List.of(1, 2, 3), rib.paths(P1).stream().map(Route::pathId).toList());
        apply(PEER, withdrawWithIds(new int[] {1}, "10.1.0.0/24"));
        assertEquals(List.of(2, 3), rib.paths(P1).stream().map(Route::pathId).toList());
        apply(PEER, announceWithIds(attrs(path(65001)), "192.0.2.1", new int[] {3}, "10.1.0.0/24"));
        assertEquals(2, rib.paths(P1).size(), "re-announcing path id 3 replaces it");
    }

    @Test
    void unusableRoutesAreNotUsedAndRemoveThePreviousPath() {
        List<UpdateMessage> bad = List.of(
                announce(attrs(path(65001)), "192.0.2.100", "10.1.0.0/24"), // our own address
                announce(attrs(path(65001)), "0.0.0.0", "10.1.0.0/24"),
                announce(attrs(path(65001)), "224.0.0.5", "10.1.0.0/24"),
                announce(attrs(path(65001, 65000, 65002)), "192.0.2.1", "10.1.0.0/24"), // our AS: loop
                announce(attrs(path(65001), new OriginatorId(RibFixtures.ROUTER_ID)), "192.0.2.1", "10.1.0.0/24"),
                announce(
                        attrs(path(65001), new ClusterList(new int[] {RibFixtures.ROUTER_ID})),
                        "192.0.2.1",
                        "10.1.0.0/24"),
                UpdateMessage.of(
                        io.podroute.bgp.codec.nlri.PrefixList.EMPTY_IPV4,
                        attrs(path(65001)),
                        RibFixtures.v4(null, "10.1.0.0/24"))); // no NEXT_HOP
        for (UpdateMessage u : bad) {
            apply(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"));
            assertTrue(rib.best(P1).isPresent());
            apply(PEER, u);
            assertTrue(rib.best(P1).isEmpty(), u.toString());
            assertEquals(0, rib.attributeSetCount());
        }
        assertEquals(bad.size(), rib.counters(PEER.address()).orElseThrow().rejectedV4());
    }

    @Test
    void importPolicyRejectionRemovesThePreviousPath() {
        apply(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24", "10.2.0.0/24"));
        RoutePolicy onlyP2 = (prefix, a, peer) -> prefix.equals(P2) ? a : null;
        rib.applyUpdate(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24", "10.2.0.0/24"), onlyP2);
        assertTrue(rib.best(P1).isEmpty());
        assertTrue(rib.best(P2).isPresent());
        PeerCounters c = rib.counters(PEER.address()).orElseThrow();
        assertEquals(4, c.announcedV4());
        assertEquals(1, c.rejectedV4());
        assertEquals(1, c.acceptedV4());
    }

    @Test
    void localPrefFromEbgpIsIgnoredButImportPolicyMaySetIt() {
        apply(PEER, announce(attrs(path(65001), localPref(500)), "192.0.2.1", "10.1.0.0/24"));
        assertNull(rib.best(P1).orElseThrow().attributes().find(PathAttribute.LOCAL_PREF));
        RoutePolicy setLp = (prefix, a, peer) -> a.with(localPref(300));
        PeerInfo other = ebgp("192.0.2.2", 65002);
        rib.applyUpdate(other, announce(attrs(path(65002, 65003)), "192.0.2.2", "10.1.0.0/24"), setLp);
        Route best = rib.best(P1).orElseThrow();
        assertEquals(other, best.peer());
        assertEquals(
                DecisionStep.LOCAL_PREF, rib.explain(P1).candidates().get(1).step());
    }

    @Test
    void ibgpLocalPrefIsKept() {
        PeerInfo i = ibgp("10.0.0.1");
        apply(i, announce(attrs(path(), localPref(50)), "10.0.0.1", "10.1.0.0/24"));
        assertEquals(localPref(50), rib.best(P1).orElseThrow().attributes().find(PathAttribute.LOCAL_PREF));
    }

    @Test
    void localPeerTypeIsRefusedAndEndOfRibChangesNothing() {
        assertThrows(
                IllegalArgumentException.class,
                () -> apply(io.podroute.bgp.api.PeerInfo.local(65000, 1), withdraw("10.1.0.0/24")));
        apply(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"));
        apply(PEER, UpdateMessage.endOfRib(io.podroute.bgp.codec.nlri.Family.IPV4_UNICAST));
        assertEquals(1, rib.pathCount());
        assertFalse(rib.counters().isEmpty());
    }

    @Test
    void storedAttributesLackNextHopAndMpAttributes() {
        apply(PEER, announce6(attrs(path(65001)), NH6, "fd00:1::/64"));
        apply(PEER, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"));
        assertEquals(1, rib.attributeSetCount(), "IPv4 and IPv6 share the set once next hops are apart");
        PathAttributes stored = rib.best(V6).orElseThrow().attributes();
        assertEquals(attrs(path(65001)), stored);
    }
}
