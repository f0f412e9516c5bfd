package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.addr;
import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.announce6;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the speaker needs for route refresh and run-time export changes: per-family stale marks, reconfigure. */
class RefreshSupportTest {
    private static final PeerInfo TOR = ebgp("192.0.2.1", 65001);
    private static final byte[] NH6 = addr("2001:db8::1").getAddress();

    private final Rib rib = new Rib(RibFixtures.config());

    @Test
    void markStaleOfOneFamilyLeavesTheOtherAndSweepRemovesOnlyWhatWasNotResent() {
        rib.applyUpdate(
                TOR, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24", "10.2.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(TOR, announce6(attrs(path(65001)), NH6, "2001:db8:1::/48"), RoutePolicy.ACCEPT_ALL);
        rib.markStale(TOR, Family.IPV4_UNICAST);
        assertTrue(rib.best(p("10.1.0.0/24")).orElseThrow().stale());
        assertFalse(rib.best(p("2001:db8:1::/48")).orElseThrow().stale(), "IPv6 untouched");
        // Re-sent during the refresh: fresh again; 10.2/24 not re-sent: swept at End-of-RIB-Refresh.
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.sweepStale(TOR, Family.IPV4_UNICAST);
        assertFalse(rib.best(p("10.1.0.0/24")).orElseThrow().stale());
        assertTrue(rib.best(p("10.2.0.0/24")).isEmpty());
        assertTrue(rib.best(p("2001:db8:1::/48")).isPresent());
    }

    @Test
    void reSentRouteRejectedByNewImportPolicyWithdrawsThePreviousPath() {
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.1.0.0/24"), RoutePolicy.REJECT_ALL);
        assertTrue(rib.best(p("10.1.0.0/24")).isEmpty());
    }

    @Test
    void reconfigureKeepsWhatWasAdvertisedAndSendsTheDifference() {
        rib.setLocalRoutes(List.of(
                new LocalRoute(p("10.244.1.0/24"), attrs(path())), new LocalRoute(p("10.244.2.0/24"), attrs(path()))));
        ExportConfig all = new ExportConfig(
                TOR,
                CodecContext.MODERN,
                addr("10.0.0.1"),
                null,
                false,
                RoutePolicy.ACCEPT_ALL,
                Set.of(Family.IPV4_UNICAST));
        AdjRibOut out = new AdjRibOut(all);
        assertEquals(2, out.sync(rib).size(), "one announcement, End-of-RIB");
        out.reconfigure(new ExportConfig(
                TOR,
                CodecContext.MODERN,
                addr("10.0.0.1"),
                null,
                false,
                (prefix, a, peer) -> prefix.equals(p("10.244.2.0/24")) ? null : a,
                Set.of(Family.IPV4_UNICAST)));
        List<UpdateMessage> diff = out.sync(rib);
        assertEquals(1, diff.size(), "only the withdrawal: " + diff);
        assertEquals(List.of(p("10.244.2.0/24")), diff.get(0).withdrawn().asList());
        assertEquals(1, out.advertised(Family.IPV4_UNICAST));
        assertThrows(
                IllegalArgumentException.class,
                () -> out.reconfigure(new ExportConfig(
                        ebgp("192.0.2.9", 65009),
                        CodecContext.MODERN,
                        addr("10.0.0.1"),
                        null,
                        false,
                        RoutePolicy.ACCEPT_ALL,
                        Set.of(Family.IPV4_UNICAST))));
    }
}
