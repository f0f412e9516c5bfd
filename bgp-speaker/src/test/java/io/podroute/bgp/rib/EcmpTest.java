package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.addr;
import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.announceWithIds;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.ibgp;
import static io.podroute.bgp.rib.RibFixtures.med;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.nlri.Prefix;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcmpTest {
    private static final Prefix PREFIX = p("10.1.0.0/24");

    private static List<InetAddress> hops(Rib rib) {
        return rib.nextHops(PREFIX).stream().map(h -> h.nextHop().address()).toList();
    }

    private static void send(Rib rib, PeerInfo peer, int... asPath) {
        String nh = peer.address().getHostAddress();
        rib.applyUpdate(peer, announce(attrs(asPath), nh, PREFIX.toString()), RoutePolicy.ACCEPT_ALL);
    }

    @Test
    void equalPathsThroughDifferentNeighbourAsesFormOneSetInDecisionOrder() {
        Rib rib = new Rib(RibFixtures.config());
        // Arrive in an order unlike the result; the set is ordered by the remaining steps (router id).
        send(rib, ebgp("192.0.2.3", 65003), 65003, 65100);
        send(rib, ebgp("192.0.2.1", 65001), 65001, 65100);
        send(rib, ebgp("192.0.2.2", 65002), 65002, 65200); // relax: different path, same length
        assertEquals(List.of(addr("192.0.2.1"), addr("192.0.2.2"), addr("192.0.2.3")), hops(rib));
        assertEquals(addr("192.0.2.1"), rib.nextHops(PREFIX).get(0).peer().address());
        Explanation e = rib.explain(PREFIX);
        assertTrue(e.candidates().stream().allMatch(RankedPath::multipath));
    }

    @Test
    void defaultMaximumIsEightAndTheSetStopsThere() {
        Rib rib = new Rib(RibFixtures.config());
        assertEquals(8, rib.config().maxPaths());
        for (int i = 1; i <= 10; i++) {
            send(rib, ebgp("192.0.2." + i, 65000 + i), 65000 + i);
        }
        assertEquals(8, hops(rib).size());
        assertEquals(addr("192.0.2.8"), hops(rib).get(7));
        assertFalse(rib.explain(PREFIX).candidates().get(9).multipath());
    }

    @Test
    void configuredMaximumAndOneMeansNoMultipath() {
        Rib two = new Rib(RibFixtures.config().withMaxPaths(2));
        Rib one = new Rib(RibFixtures.config().withMaxPaths(1));
        for (int i = 1; i <= 3; i++) {
            send(two, ebgp("192.0.2." + i, 65000 + i), 65000 + i);
            send(one, ebgp("192.0.2." + i, 65000 + i), 65000 + i);
        }
        assertEquals(List.of(addr("192.0.2.1"), addr("192.0.2.2")), hops(two));
        assertEquals(List.of(addr("192.0.2.1")), hops(one));
    }

    @Test
    void ebgpAndIbgpPathsAreNotMixed() {
        Rib rib = new Rib(RibFixtures.config());
        send(rib, ibgp("10.0.0.1"), 65010);
        send(rib, ebgp("192.0.2.2", 65002), 65002);
        send(rib, ebgp("192.0.2.3", 65003), 65003);
        assertEquals(List.of(addr("192.0.2.2"), addr("192.0.2.3")), hops(rib));
    }

    @Test
    void longerPathOrWorseMedIsNotACandidate() {
        Rib rib = new Rib(RibFixtures.config());
        send(rib, ebgp("192.0.2.1", 65001), 65001);
        send(rib, ebgp("192.0.2.2", 65002), 65002, 65002);
        PeerInfo sameAs = ebgp("192.0.2.3", 65001);
        rib.applyUpdate(
                sameAs, announce(attrs(path(65001), med(50)), "192.0.2.3", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(List.of(addr("192.0.2.1")), hops(rib));
    }

    @Test
    void addPathPathsWithTheSameNextHopAppearOnce() {
        Rib rib = new Rib(RibFixtures.config());
        PeerInfo peer = ebgp("192.0.2.1", 65001);
        rib.applyUpdate(
                peer,
                announceWithIds(attrs(path(65001)), "192.0.2.1", new int[] {1, 2}, "10.1.0.0/24", "10.1.0.0/24"),
                RoutePolicy.ACCEPT_ALL);
        assertEquals(2, rib.paths(PREFIX).size());
        assertEquals(List.of(addr("192.0.2.1")), hops(rib));
    }
}
