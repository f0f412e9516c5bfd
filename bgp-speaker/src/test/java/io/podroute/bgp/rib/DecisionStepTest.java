package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.announceWithIds;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.ibgp;
import static io.podroute.bgp.rib.RibFixtures.ip4;
import static io.podroute.bgp.rib.RibFixtures.localPref;
import static io.podroute.bgp.rib.RibFixtures.med;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per decision step: two paths that differ only where that step looks, and its reason. */
class DecisionStepTest {
    private static final Prefix PREFIX = p("10.1.0.0/24");
    private final Rib rib = new Rib(RibFixtures.config());

    private void send(PeerInfo peer, PathAttributes a, String nextHop) {
        rib.applyUpdate(peer, announce(a, nextHop, PREFIX.toString()), RoutePolicy.ACCEPT_ALL);
    }

    /** Asserts the best path is from {@code winner} and the runner-up lost at {@code step} with {@code reason}. */
    private void assertDecided(PeerInfo winner, DecisionStep step, String reason) {
        Explanation e = rib.explain(PREFIX);
        assertEquals(2, e.candidates().size(), e.toString());
        RankedPath best = e.candidates().get(0);
        RankedPath second = e.candidates().get(1);
        assertEquals(winner, best.route().peer());
        assertNull(best.step());
        assertEquals(step, second.step());
        assertEquals(step.name() + ": " + reason, second.reason());
        assertEquals(winner, rib.best(PREFIX).orElseThrow().peer());
    }

    @Test
    void localPrefHighestWinsAndMissingIsHundred() {
        PeerInfo a = ibgp("10.0.0.1");
        PeerInfo b = ibgp("10.0.0.2");
        send(a, attrs(path(65010)), "10.0.0.1");
        send(b, attrs(path(65010, 65011, 65012), localPref(200)), "10.0.0.2");
        assertDecided(b, DecisionStep.LOCAL_PREF, "local-pref 200 over local-pref 100");
    }

    @Test
    void locallyOriginatedBeatsLearned() {
        PeerInfo a = ebgp("10.0.0.1", 65001);
        send(a, attrs(path()), "10.0.0.1");
        rib.setLocalRoutes(List.of(new LocalRoute(PREFIX, attrs(path(65000, 65000)))));
        assertEquals(
                io.podroute.bgp.api.PeerType.LOCAL,
                rib.best(PREFIX).orElseThrow().peer().type());
        RankedPath second = rib.explain(PREFIX).candidates().get(1);
        assertEquals(DecisionStep.LOCALLY_ORIGINATED, second.step());
        assertEquals("LOCALLY_ORIGINATED: locally originated over learned", second.reason());
    }

    @Test
    void shortestAsPathWins() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        PeerInfo b = ebgp("192.0.2.2", 65002);
        send(a, attrs(path(65001, 65100)), "192.0.2.1");
        send(b, attrs(path(65002)), "192.0.2.2");
        assertDecided(b, DecisionStep.AS_PATH_LENGTH, "as-path length 1 over as-path length 2");
    }

    @Test
    void asSetCountsOneAndConfederationZero() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        PeerInfo b = ebgp("192.0.2.2", 65002);
        // a: SEQUENCE(65001) + SET(1,2,3) = 2; b: CONFED_SEQUENCE(1,2) + SEQUENCE(65002, 65003, 65004) = 3.
        PathAttributes withSet = PathAttributes.of(
                Origin.IGP,
                new io.podroute.bgp.codec.attribute.AsPath(List.of(
                        io.podroute.bgp.codec.attribute.AsPathSegment.sequence(65001),
                        io.podroute.bgp.codec.attribute.AsPathSegment.set(1, 2, 3))));
        PathAttributes withConfed = PathAttributes.of(
                Origin.IGP,
                new io.podroute.bgp.codec.attribute.AsPath(List.of(
                        new io.podroute.bgp.codec.attribute.AsPathSegment(
                                io.podroute.bgp.codec.attribute.AsPathSegment.Type.AS_CONFED_SEQUENCE,
                                new int[] {1, 2}),
                        io.podroute.bgp.codec.attribute.AsPathSegment.sequence(65002, 65003, 65004))));
        send(a, withSet, "192.0.2.1");
        send(b, withConfed, "192.0.2.2");
        assertDecided(a, DecisionStep.AS_PATH_LENGTH, "as-path length 2 over as-path length 3");
    }

    @Test
    void lowestOriginWins() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        PeerInfo b = ebgp("192.0.2.2", 65002);
        send(a, PathAttributes.of(Origin.EGP, io.podroute.bgp.codec.attribute.AsPath.sequence(65001)), "192.0.2.1");
        send(b, PathAttributes.of(Origin.IGP, io.podroute.bgp.codec.attribute.AsPath.sequence(65002)), "192.0.2.2");
        assertDecided(b, DecisionStep.ORIGIN, "origin IGP over origin EGP");
    }

    @Test
    void lowestMedWinsAmongTheSameNeighbourAs() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        PeerInfo b = ebgp("192.0.2.2", 65001);
        send(a, attrs(path(65001), med(10)), "192.0.2.1");
        send(b, attrs(path(65001), med(5)), "192.0.2.2");
        assertDecided(b, DecisionStep.MED, "med 5 from AS 65001 over med 10 from AS 65001");
    }

    @Test
    void medIsIgnoredBetweenDifferentNeighbourAses() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        PeerInfo b = ebgp("192.0.2.2", 65002);
        send(a, attrs(path(65001), med(10)), "192.0.2.1");
        send(b, attrs(path(65002), med(5)), "192.0.2.2");
        assertDecided(a, DecisionStep.ROUTER_ID, "router-id 192.0.2.1 over router-id 192.0.2.2");
    }

    @Test
    void missingMedCountsAsZero() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        PeerInfo b = ebgp("192.0.2.2", 65001);
        send(a, attrs(path(65001), med(1)), "192.0.2.1");
        send(b, attrs(path(65001)), "192.0.2.2");
        assertDecided(b, DecisionStep.MED, "med 0 from AS 65001 over med 1 from AS 65001");
    }

    @Test
    void ebgpBeatsIbgp() {
        PeerInfo a = ibgp("10.0.0.1");
        PeerInfo b = ebgp("192.0.2.2", 65002);
        send(a, attrs(path(65010)), "10.0.0.1");
        send(b, attrs(path(65002)), "192.0.2.2");
        assertDecided(b, DecisionStep.EBGP_OVER_IBGP, "eBGP over iBGP");
    }

    @Test
    void lowestRouterIdWins() {
        PeerInfo a = ibgp("10.0.0.1", "10.9.9.9");
        PeerInfo b = ibgp("10.0.0.2", "10.1.1.1");
        send(a, attrs(path(65010)), "10.0.0.1");
        send(b, attrs(path(65010)), "10.0.0.2");
        assertDecided(b, DecisionStep.ROUTER_ID, "router-id 10.1.1.1 over router-id 10.9.9.9");
    }

    @Test
    void originatorIdStandsInForTheRouterId() {
        PeerInfo a = ibgp("10.0.0.1", "10.9.9.9");
        PeerInfo b = ibgp("10.0.0.2", "10.1.1.1");
        send(a, attrs(path(65010)), "10.0.0.1");
        send(b, attrs(path(65010), new OriginatorId(ip4("10.99.0.1"))), "10.0.0.2");
        assertDecided(a, DecisionStep.ROUTER_ID, "router-id 10.9.9.9 over originator-id 10.99.0.1");
    }

    @Test
    void shortestClusterListWins() {
        PeerInfo a = ibgp("10.0.0.1", "10.9.9.9");
        PeerInfo b = ibgp("10.0.0.2", "10.1.1.1");
        OriginatorId same = new OriginatorId(ip4("10.50.0.1"));
        send(a, attrs(path(65010), same, new ClusterList(new int[] {7})), "10.0.0.1");
        send(b, attrs(path(65010), same, new ClusterList(new int[] {7, 8})), "10.0.0.2");
        assertDecided(a, DecisionStep.CLUSTER_LIST_LENGTH, "cluster-list length 1 over cluster-list length 2");
    }

    @Test
    void lowestPeerAddressWins() {
        PeerInfo a = ebgp("192.0.2.9", 65001, "1.1.1.1");
        PeerInfo b = ebgp("192.0.2.3", 65002, "1.1.1.1");
        send(a, attrs(path(65001)), "192.0.2.9");
        send(b, attrs(path(65002)), "192.0.2.3");
        assertDecided(b, DecisionStep.PEER_ADDRESS, "peer 192.0.2.3 over peer 192.0.2.9");
    }

    @Test
    void lowestPathIdWinsBetweenPathsOfOnePeer() {
        PeerInfo a = ebgp("192.0.2.1", 65001);
        rib.applyUpdate(
                a,
                announceWithIds(attrs(path(65001)), "192.0.2.1", new int[] {7, 3}, "10.1.0.0/24", "10.1.0.0/24"),
                RoutePolicy.ACCEPT_ALL);
        Explanation e = rib.explain(PREFIX);
        assertEquals(3, e.candidates().get(0).route().pathId());
        assertEquals(DecisionStep.PATH_ID, e.candidates().get(1).step());
        assertEquals("PATH_ID: path-id 3 over path-id 7", e.candidates().get(1).reason());
    }
}
