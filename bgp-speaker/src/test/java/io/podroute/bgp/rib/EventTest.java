package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.addr;
import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.med;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {
    private static final PeerInfo A = ebgp("192.0.2.1", 65001);
    private static final PeerInfo B = ebgp("192.0.2.2", 65002);
    private static final Prefix P = p("10.1.0.0/24");

    private final Rib rib = new Rib(RibFixtures.config());
    private final RibFixtures.Recorder events = new RibFixtures.Recorder();

    EventTest() {
        rib.addListener(events);
    }

    private void send(PeerInfo peer, int... asPath) {
        rib.applyUpdate(
                peer, announce(attrs(asPath), peer.address().getHostAddress(), P.toString()), RoutePolicy.ACCEPT_ALL);
    }

    @Test
    void addReplaceWithdrawWithTheEcmpSet() {
        send(A, 65001);
        BestPathChange add = events.take().get(0);
        assertEquals(BestPathChange.Kind.ADD, add.kind());
        assertEquals(A, add.best().peer());
        assertEquals(List.of(new EcmpNextHop(rib.best(P).orElseThrow().nextHop(), A)), add.nextHops());

        send(B, 65002); // equal: joins the ECMP set, best unchanged
        BestPathChange joined = events.take().get(0);
        assertEquals(BestPathChange.Kind.REPLACE, joined.kind());
        assertEquals(A, joined.best().peer());
        assertEquals(
                List.of(addr("192.0.2.1"), addr("192.0.2.2")),
                joined.nextHops().stream().map(h -> h.nextHop().address()).toList());

        rib.applyUpdate(A, RibFixtures.withdraw(P.toString()), RoutePolicy.ACCEPT_ALL);
        BestPathChange moved = events.take().get(0);
        assertEquals(BestPathChange.Kind.REPLACE, moved.kind());
        assertEquals(B, moved.best().peer());

        rib.applyUpdate(B, RibFixtures.withdraw(P.toString()), RoutePolicy.ACCEPT_ALL);
        BestPathChange gone = events.take().get(0);
        assertEquals(BestPathChange.Kind.WITHDRAW, gone.kind());
        assertNull(gone.best());
        assertTrue(gone.nextHops().isEmpty());
    }

    @Test
    void duplicateAnnouncementEmitsNothing() {
        send(A, 65001);
        events.take();
        send(A, 65001);
        assertTrue(events.take().isEmpty());
    }

    @Test
    void attributeChangeOfTheBestPathIsAReplace() {
        send(A, 65001);
        events.take();
        rib.applyUpdate(A, announce(attrs(path(65001), med(7)), "192.0.2.1", P.toString()), RoutePolicy.ACCEPT_ALL);
        List<BestPathChange> c = events.take();
        assertEquals(1, c.size());
        assertEquals(BestPathChange.Kind.REPLACE, c.get(0).kind());
    }

    @Test
    void attributeOnlyChangeOfANonBestPathEmitsNothing() {
        send(A, 65001);
        send(B, 65002, 65003); // longer: not best, not multipath
        events.take();
        send(B, 65002, 65004, 65005); // still not best, not multipath
        assertTrue(events.take().isEmpty());
        rib.applyUpdate(B, RibFixtures.withdraw(P.toString()), RoutePolicy.ACCEPT_ALL);
        assertTrue(events.take().isEmpty(), "withdrawing a path outside the ECMP set changes nothing");
    }

    @Test
    void attributeChangeOfAnEcmpMemberKeepingItsNextHopEmitsNothing() {
        send(A, 65001);
        send(B, 65002);
        events.take();
        send(B, 65009); // same length, same next hop: ECMP set unchanged
        assertTrue(events.take().isEmpty());
    }

    @Test
    void oneBatchPerCallSplitAtTheMaximum() {
        String[] prefixes = new String[Rib.MAX_BATCH + 10];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = "10." + (i >> 8) + "." + (i & 0xFF) + ".0/24";
        }
        rib.applyUpdate(A, announce(attrs(path(65001)), "192.0.2.1", prefixes), RoutePolicy.ACCEPT_ALL);
        assertEquals(List.of(Rib.MAX_BATCH, 10), events.batchSizes);
    }

    @Test
    void noListenerNoEventsAndListenersMustNotReenter() {
        Rib quiet = new Rib(RibFixtures.config());
        quiet.applyUpdate(A, announce(attrs(path(65001)), "192.0.2.1", "10.9.0.0/24"), RoutePolicy.ACCEPT_ALL);
        quiet.addListener(c -> quiet.peerDown(A));
        assertThrows(
                IllegalStateException.class,
                () -> quiet.applyUpdate(
                        B, announce(attrs(path(65002)), "192.0.2.2", "10.8.0.0/24"), RoutePolicy.ACCEPT_ALL));
    }
}
