package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.announce6;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.localPref;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Graceful restart, peer down, local routes and interning. */
class LifecycleTest {
    private static final PeerInfo A = ebgp("192.0.2.1", 65001);
    private static final PeerInfo B = ebgp("192.0.2.2", 65002);
    private static final byte[] NH6 = RibFixtures.addr("fd00::1").getAddress();

    private final Rib rib = new Rib(RibFixtures.config());
    private final RibFixtures.Recorder events = new RibFixtures.Recorder();

    LifecycleTest() {
        rib.addListener(events);
    }

    private static String[] prefixes(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = "10." + (i >> 8) + "." + (i & 0xFF) + ".0/24";
        }
        return out;
    }

    @Test
    void staleRoutesStayUntilSweptAndReannouncementClearsTheMark() {
        rib.applyUpdate(
                A, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24", "10.2.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(A, announce6(attrs(path(65001)), NH6, "fd00:1::/64"), RoutePolicy.ACCEPT_ALL);
        events.take();
        rib.markStale(A);
        assertTrue(rib.best(p("10.1.0.0/24")).orElseThrow().stale());
        assertTrue(events.take().isEmpty(), "stale paths are still used: nothing changes for forwarding");
        rib.applyUpdate(A, announce(attrs(path(65001)), "192.0.2.1", "10.2.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertFalse(rib.best(p("10.2.0.0/24")).orElseThrow().stale());
        assertTrue(events.take().isEmpty(), "an identical re-announcement changes no best path");
        rib.sweepStale(A, Family.IPV4_UNICAST);
        assertTrue(rib.best(p("10.1.0.0/24")).isEmpty());
        assertTrue(rib.best(p("10.2.0.0/24")).isPresent());
        assertTrue(rib.best(p("fd00:1::/64")).orElseThrow().stale(), "other family untouched");
        assertEquals(
                List.of(BestPathChange.Kind.WITHDRAW),
                events.take().stream().map(BestPathChange::kind).toList());
        rib.sweepStale(A, Family.IPV6_UNICAST);
        assertEquals(1, rib.prefixCount());
    }

    @Test
    void peerDownRemovesAllItsPathsInOnePassAndEmitsChanges() {
        String[] many = prefixes(3000); // enough to grow the table and to shift entries on removal
        rib.applyUpdate(A, announce(attrs(path(65001)), "192.0.2.1", many), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(B, announce(attrs(path(65002, 65003)), "192.0.2.2", "10.0.5.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(A, announce6(attrs(path(65001)), NH6, "fd00:1::/64"), RoutePolicy.ACCEPT_ALL);
        events.take();
        rib.peerDown(A);
        assertEquals(1, rib.prefixCount());
        assertEquals(B, rib.best(p("10.0.5.0/24")).orElseThrow().peer());
        List<BestPathChange> changes = events.take();
        assertEquals(3001, changes.size());
        Map<BestPathChange.Kind, Long> kinds =
                changes.stream().collect(Collectors.groupingBy(BestPathChange::kind, Collectors.counting()));
        assertEquals(Map.of(BestPathChange.Kind.WITHDRAW, 3000L, BestPathChange.Kind.REPLACE, 1L), kinds);
        assertEquals(0, rib.counters(A.address()).orElseThrow().acceptedV4());
        assertEquals(1, rib.attributeSetCount());
        assertEquals(1, rib.nextHopCount());
    }

    @Test
    void setLocalRoutesDiffsAndIsIdempotent() {
        Prefix block = p("10.244.1.0/24");
        Prefix other = p("10.244.2.0/24");
        List<LocalRoute> routes = List.of(new LocalRoute(block, attrs(path())), new LocalRoute(other, attrs(path())));
        rib.setLocalRoutes(routes);
        assertEquals(2, events.take().size());
        rib.setLocalRoutes(new ArrayList<>(routes));
        assertTrue(events.take().isEmpty(), "the same set twice is no change");
        assertEquals(2, rib.pathCount());
        rib.setLocalRoutes(List.of(new LocalRoute(block, attrs(path(), localPref(300)))));
        List<BestPathChange> c = events.take();
        Map<Prefix, BestPathChange.Kind> byPrefix =
                c.stream().collect(Collectors.toMap(BestPathChange::prefix, BestPathChange::kind));
        assertEquals(Map.of(block, BestPathChange.Kind.REPLACE, other, BestPathChange.Kind.WITHDRAW), byPrefix);
        Route r = rib.best(block).orElseThrow();
        assertEquals(PeerType.LOCAL, r.peer().type());
        assertEquals(null, r.nextHop());
        rib.setLocalRoutes(List.of());
        assertEquals(0, rib.prefixCount());
        assertEquals(0, rib.attributeSetCount());
    }

    @Test
    void equalAttributesFromTwoPeersShareOneObjectAndAreFreedWithTheLastPath() {
        rib.applyUpdate(A, announce(attrs(path(65009)), "192.0.2.1", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(B, announce(attrs(path(65009)), "192.0.2.2", "10.2.0.0/24"), RoutePolicy.ACCEPT_ALL);
        PathAttributes a = rib.best(p("10.1.0.0/24")).orElseThrow().attributes();
        PathAttributes b = rib.best(p("10.2.0.0/24")).orElseThrow().attributes();
        assertSame(a, b);
        assertSame(a, rib.interned(attrs(path(65009))));
        assertEquals(1, rib.attributeSetCount());
        assertEquals(2, rib.nextHopCount());
        rib.applyUpdate(A, RibFixtures.withdraw("10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(1, rib.attributeSetCount());
        assertEquals(1, rib.nextHopCount());
        rib.applyUpdate(B, RibFixtures.withdraw("10.2.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(0, rib.attributeSetCount());
        assertEquals(0, rib.nextHopCount());
        assertEquals(null, rib.interned(attrs(path(65009))));
    }

    @Test
    void replacingAttributesReleasesTheOldSet() {
        rib.applyUpdate(A, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(A, announce(attrs(path(65001, 65002)), "192.0.2.1", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(1, rib.attributeSetCount());
        assertEquals(
                attrs(path(65001, 65002)),
                rib.best(p("10.1.0.0/24")).orElseThrow().attributes());
    }

    @Test
    void aPeerReturningWithANewRouterIdIsRankedWithIt() {
        PeerInfo a1 = RibFixtures.ibgp("10.0.0.1", "10.0.0.9");
        PeerInfo b = RibFixtures.ibgp("10.0.0.2", "10.0.0.5");
        rib.applyUpdate(a1, announce(attrs(path(65010)), "10.0.0.1", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(b, announce(attrs(path(65010)), "10.0.0.2", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(b, rib.best(p("10.1.0.0/24")).orElseThrow().peer());
        rib.markStale(a1);
        PeerInfo a2 = RibFixtures.ibgp("10.0.0.1", "10.0.0.3");
        events.take();
        rib.applyUpdate(a2, RibFixtures.withdraw("10.77.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(a2, rib.best(p("10.1.0.0/24")).orElseThrow().peer());
        assertEquals(BestPathChange.Kind.REPLACE, events.take().get(0).kind());
    }
}
