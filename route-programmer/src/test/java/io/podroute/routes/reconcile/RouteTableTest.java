package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import io.podroute.routes.kernel.FakeKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final int OURS = 77;
    private final FakeKernel kernel = new FakeKernel();
    private final RouteTable table = new RouteTable(kernel, OURS);

    private static Route route(String dst, String gw) {
        return Route.builder(dst).gateway(gw).protocol(OURS).build();
    }

    private static List<Route> routes(int n) {
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(route("10.1." + i + ".0/24", "192.168.0.1"));
        }
        return out;
    }

    @Test
    void installsTheDesiredSetThenTheSameSetIsANoOp() throws Exception {
        table.setRoutes(routes(5));
        ApplyResult first = table.apply();
        assertTrue(first.resynced());
        assertEquals(5, first.routesReplaced());
        assertEquals(5, kernel.allRoutes().size());

        table.setRoutes(routes(5));
        ApplyResult second = table.apply();
        assertEquals(0, second.writes());
        assertFalse(second.resynced());
        assertEquals(5, kernel.writes());
    }

    @Test
    void incrementalUpdatesEqualTheFullSetAndCostOnlyTheirChanges() throws Exception {
        table.setRoutes(routes(5));
        table.markComplete();
        table.apply();
        int before = kernel.writes();
        table.updateRoutes(
                List.of(route("10.1.1.0/24", "192.168.0.2"), route("10.9.0.0/24", "192.168.0.1")),
                List.of(route("10.1.0.0/24", "192.168.0.1").key()));
        assertEquals(5, table.desiredCount());
        ApplyResult r = table.apply();
        assertEquals(1, r.routesDeleted());
        assertEquals(2, r.routesReplaced(), "one changed, one new");
        assertEquals(before + 3, kernel.writes());
        assertTrue(table.inKernel(route("10.9.0.0/24", "192.168.0.1").key()));
        assertFalse(table.inKernel(route("10.1.0.0/24", "192.168.0.1").key()));

        table.updateRoutes(List.of(route("10.9.0.0/24", "192.168.0.1")), List.of());
        assertEquals(0, table.apply().writes(), "an unchanged upsert writes nothing");
    }

    @Test
    void incrementalUpdatesWorkWithoutNexthopObjects() throws Exception {
        FakeKernel old = new FakeKernel().withoutNexthopObjects();
        RouteTable t = new RouteTable(old, OURS);
        t.setRoutes(routes(3));
        t.markComplete();
        t.apply();
        t.updateRoutes(
                List.of(route("10.8.0.0/24", "192.168.0.1")),
                List.of(route("10.1.2.0/24", "192.168.0.1").key()));
        t.apply();
        assertEquals(3, old.allRoutes().size());
        assertTrue(t.inKernel(route("10.8.0.0/24", "192.168.0.1").key()));
    }

    @Test
    void stampsOurProtocolOnDesiredRoutes() throws Exception {
        table.setRoutes(List.of(
                Route.builder("10.9.0.0/24").gateway("192.168.0.1").protocol(3).build()));
        table.apply();
        assertEquals(OURS, kernel.allRoutes().get(0).protocol());
    }

    @Test
    void adoptsExistingRoutesAfterARestartWithoutWrites() throws Exception {
        routes(5).forEach(kernel::put);
        kernel.put(route("10.2.0.0/24", "192.168.0.1"));
        RouteTable restarted = new RouteTable(kernel, OURS);
        restarted.setRoutes(routes(5));
        ApplyResult adopted = restarted.apply();
        assertEquals(0, adopted.writes(), "no flap: nothing rewritten or deleted before the set is complete");
        assertEquals(1, adopted.pendingStale());
        assertEquals(6, kernel.allRoutes().size());

        restarted.markComplete();
        ApplyResult cleaned = restarted.apply();
        assertEquals(1, cleaned.routesDeleted());
        assertEquals(0, cleaned.routesReplaced());
        assertEquals(5, kernel.allRoutes().size());
    }

    @Test
    void neverTouchesForeignRoutes() throws Exception {
        Route foreign =
                Route.builder("10.3.0.0/24").gateway("192.168.0.9").protocol(12).build();
        kernel.put(foreign);
        table.markComplete();
        table.setRoutes(routes(2));
        table.apply();
        table.setRoutes(List.of());
        ApplyResult r = table.apply();
        assertEquals(2, r.routesDeleted());
        assertEquals(List.of(foreign), kernel.allRoutes());
    }

    @Test
    void replacesAChangedRoute() throws Exception {
        table.setRoutes(List.of(route("10.1.0.0/24", "192.168.0.1")));
        table.apply();
        table.setRoutes(List.of(route("10.1.0.0/24", "192.168.0.2")));
        ApplyResult r = table.apply();
        assertEquals(1, r.routesReplaced());
        assertEquals(Addresses.inet("192.168.0.2"), kernel.allRoutes().get(0).gateway());
    }

    @Test
    void aRejectedRouteIsReportedAndRetriedWithoutLosingTheRest() throws Exception {
        Prefix bad = Prefix.parse("10.1.2.0/24");
        kernel.failNextWrite(bad, Errno.ENETUNREACH);
        table.setRoutes(routes(5));
        ApplyResult r = table.apply();
        assertEquals(4, r.routesReplaced());
        assertEquals(1, r.routeFailures().size());
        NetlinkException e = r.routeFailures().get(0).error();
        assertTrue(e.isNetUnreachable());
        assertEquals(bad, r.routeFailures().get(0).item().dst());
        assertEquals(4, kernel.allRoutes().size());

        ApplyResult retry = table.apply();
        assertTrue(retry.resynced(), "a failure makes the next pass resync");
        assertEquals(1, retry.routesReplaced());
        assertFalse(retry.hasFailures());
        assertEquals(5, kernel.allRoutes().size());
    }

    @Test
    void aFailedExchangeIsThrownAndTheNextPassResyncs() throws Exception {
        table.setRoutes(routes(3));
        kernel.failNextCall(Errno.ENOBUFS);
        NetlinkException e = assertThrows(NetlinkException.class, table::apply);
        assertTrue(e.isNoBuffers());
        assertTrue(table.hasWork());
        ApplyResult r = table.apply();
        assertTrue(r.resynced());
        assertEquals(3, r.routesReplaced());
    }

    @Test
    void restoresARouteDeletedBehindItsBack() throws Exception {
        table.setRoutes(routes(3));
        table.apply();
        Route victim = routes(3).get(1);
        kernel.remove(victim.key());
        table.onRouteEvent(victim, true);
        ApplyResult r = table.apply();
        assertFalse(r.resynced());
        assertEquals(1, r.routesReplaced());
        assertNotNull(kernel.route(victim.key()));
    }

    @Test
    void restoresARouteReplacedByAForeignOne() throws Exception {
        table.setRoutes(routes(1));
        table.apply();
        Route hijack =
                Route.builder("10.1.0.0/24").gateway("192.168.0.7").protocol(3).build();
        kernel.put(hijack);
        table.onRouteEvent(hijack, false);
        ApplyResult r = table.apply();
        assertEquals(1, r.routesReplaced());
        assertEquals(OURS, kernel.route(hijack.key()).protocol());
    }

    private static Route foreign(String dst, int proto) {
        return Route.builder(dst).gateway("192.168.0.9").protocol(proto).build();
    }

    @Test
    void aForeignRouteOnAKeyNeverHeldIsLeftAloneReportedAndRetried() throws Exception {
        Route squatter = foreign("10.1.0.0/24", 4);
        kernel.put(squatter);
        table.setRoutes(routes(2));
        ApplyResult first = table.apply();
        assertFalse(first.hasFailures(), "a conflict is not a failure: no fast retry loop");
        assertEquals(1, first.routesReplaced());
        assertEquals(1, first.conflicts());
        assertEquals(List.of(new ApplyResult.Conflict(routes(2).get(0), squatter)), first.newConflicts());
        assertEquals(squatter, kernel.route(squatter.key()), "never replaced");
        assertFalse(table.hasWork(), "the parked key does not keep the loop busy");

        for (int i = 0; i < 3; i++) {
            table.requestResync();
            ApplyResult again = table.apply();
            assertTrue(again.resynced());
            assertEquals(0, again.writes());
            assertEquals(1, again.conflicts());
            assertEquals(List.of(), again.newConflicts(), "reported once per key");
            assertFalse(again.hasFailures());
        }
        assertEquals(squatter, kernel.route(squatter.key()));

        kernel.remove(squatter.key());
        table.onRouteEvent(squatter, true);
        ApplyResult installed = table.apply();
        assertFalse(installed.resynced(), "the holder's delete event alone triggers the retry");
        assertEquals(1, installed.routesReplaced());
        assertEquals(0, installed.conflicts());
        assertEquals(OURS, kernel.route(squatter.key()).protocol());
    }

    @Test
    void aConflictIsRetriedOnResyncWhenTheForeignRouteWentSilently() throws Exception {
        Route squatter = foreign("10.1.1.0/24", 12);
        kernel.put(squatter);
        table.setRoutes(routes(3));
        assertEquals(1, table.apply().conflicts());
        kernel.remove(squatter.key());
        assertEquals(0, table.apply().writes(), "without an event or a resync the departure is unseen");
        table.requestResync();
        ApplyResult r = table.apply();
        assertEquals(1, r.routesReplaced());
        assertEquals(0, r.conflicts());
        assertEquals(OURS, kernel.route(squatter.key()).protocol());
    }

    @Test
    void aConflictOnAKeyNoLongerDesiredIsForgotten() throws Exception {
        kernel.put(foreign("10.1.1.0/24", 4));
        table.setRoutes(routes(3));
        assertEquals(1, table.apply().conflicts());
        table.setRoutes(routes(1));
        ApplyResult r = table.apply();
        assertEquals(0, r.conflicts());
        assertEquals(4, kernel.route(foreign("10.1.1.0/24", 4).key()).protocol());
    }

    @Test
    void anAdoptedRouteChangedByHandWhileUnwatchedIsRestoredOnResync() throws Exception {
        routes(2).forEach(kernel::put);
        table.setRoutes(routes(2));
        assertEquals(0, table.apply().writes(), "adopted");
        Route byHand = foreign("10.1.1.0/24", 4);
        kernel.put(byHand);
        table.requestResync();
        ApplyResult r = table.apply();
        assertEquals(1, r.routesReplaced());
        assertEquals(0, r.conflicts());
        assertEquals(OURS, kernel.route(byHand.key()).protocol());
    }

    @Test
    void aRouteDeletedByHandThenTakenByAnotherProtocolIsStillOurs() throws Exception {
        table.setRoutes(routes(1));
        table.apply();
        Route ours = routes(1).get(0);
        kernel.remove(ours.key());
        table.onRouteEvent(ours, true);
        Route byHand = foreign("10.1.0.0/24", 4);
        kernel.put(byHand);
        table.onRouteEvent(byHand, false);
        ApplyResult r = table.apply();
        assertEquals(1, r.routesReplaced());
        assertEquals(OURS, kernel.route(ours.key()).protocol());
    }

    @Test
    void aKeyHeldOnlyWhileUndesiredIsForgottenOnceAForeignRouteTakesIt() throws Exception {
        table.setRoutes(routes(2));
        table.apply();
        table.setRoutes(routes(1));
        table.apply(); // 10.1.1.0/24 is stale but kept: the set is not complete
        Route byHand = foreign("10.1.1.0/24", 4);
        kernel.put(byHand);
        table.onRouteEvent(byHand, false);
        table.apply();
        table.setRoutes(routes(2));
        ApplyResult r = table.apply();
        assertEquals(1, r.conflicts(), "neither desired nor ours when taken: no longer held");
        assertEquals(byHand, kernel.route(byHand.key()));
    }

    @Test
    void periodicResyncFindsSilentChanges() throws Exception {
        table.setRoutes(routes(2));
        table.apply();
        kernel.remove(routes(2).get(0).key());
        assertEquals(0, table.apply().writes(), "without an event or a resync the change is unseen");
        table.requestResync();
        assertEquals(1, table.apply().routesReplaced());
    }

    @Test
    void nexthopObjectsGoInBeforeTheirRoutesAndOutAfterThem() throws Exception {
        NexthopObject a = NexthopObject.via(1, OURS, Addresses.inet("192.168.0.1"), 0, false);
        NexthopObject b = NexthopObject.via(2, OURS, Addresses.inet("192.168.0.2"), 0, false);
        NexthopObject g =
                NexthopObject.group(3, OURS, List.of(new NexthopObject.Member(2, 1), new NexthopObject.Member(1, 1)));
        table.setNexthops(List.of(g, b, a));
        table.setRoutes(List.of(
                Route.builder("10.5.0.0/24").nexthopId(3).build(),
                Route.builder("10.6.0.0/24").nexthopId(1).build()));
        ApplyResult r = table.apply();
        assertFalse(r.hasFailures(), r.toString());
        assertEquals(3, r.nexthopsReplaced());
        assertEquals(2, r.routesReplaced());

        table.markComplete();
        table.setNexthops(List.of(a));
        table.setRoutes(List.of(Route.builder("10.6.0.0/24").nexthopId(1).build()));
        ApplyResult down = table.apply();
        assertFalse(down.hasFailures(), down.toString());
        assertEquals(1, down.routesDeleted());
        assertEquals(2, down.nexthopsDeleted());
        assertEquals(List.of(a), kernel.allNexthops());
    }

    @Test
    void aNodeMoveIsOneNexthopUpdate() throws Exception {
        NexthopObject peer = NexthopObject.via(1, OURS, Addresses.inet("192.168.0.1"), 0, false);
        table.setNexthops(List.of(peer));
        List<Route> viaPeer = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            viaPeer.add(Route.builder("10.7." + i + ".0/24").nexthopId(1).build());
        }
        table.setRoutes(viaPeer);
        table.apply();
        table.setNexthops(List.of(NexthopObject.via(1, OURS, Addresses.inet("192.168.0.2"), 0, false)));
        ApplyResult moved = table.apply();
        assertEquals(1, moved.writes());
        assertEquals(1, moved.nexthopsReplaced());
    }

    @Test
    void aRejectedNexthopFailsItsRoutesWhichAreRetried() throws Exception {
        kernel.failNextNexthop(1, Errno.ENETUNREACH);
        table.setNexthops(List.of(NexthopObject.via(1, OURS, Addresses.inet("192.168.0.1"), 0, false)));
        table.setRoutes(
                List.of(Route.builder("10.8.0.0/24").nexthopId(1).build(), route("10.9.0.0/24", "192.168.0.1")));
        ApplyResult r = table.apply();
        assertEquals(1, r.nexthopFailures().size());
        assertEquals(1, r.routeFailures().size());
        assertEquals(1, r.routesReplaced());
        ApplyResult retry = table.apply();
        assertFalse(retry.hasFailures());
        assertEquals(2, kernel.allRoutes().size());
    }

    @Test
    void deletingWhatIsAlreadyGoneIsNotAFailure() throws Exception {
        table.markComplete();
        table.setRoutes(routes(1));
        table.apply();
        Route r = routes(1).get(0);
        table.setRoutes(List.of());
        kernel.remove(r.key());
        ApplyResult result = table.apply();
        assertFalse(result.hasFailures());
        assertNull(kernel.route(r.key()));
    }

    @Test
    void blackholeAndUnreachableAreOrdinaryDesiredRoutes() throws Exception {
        table.setRoutes(List.of(
                Route.builder("10.10.0.0/16").type(RouteType.BLACKHOLE).build(),
                Route.builder("fd10::/48").type(RouteType.UNREACHABLE).build()));
        assertEquals(2, table.apply().routesReplaced());
        assertEquals(0, table.apply().writes());
    }

    @Test
    void rejectsDuplicateKeysAndKernelProtocols() {
        assertThrows(IllegalArgumentException.class, () -> new RouteTable(kernel, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> table.setRoutes(
                        List.of(route("10.1.0.0/24", "192.168.0.1"), route("10.1.0.0/24", "192.168.0.2"))));
    }

    @Test
    void withoutNexthopObjectsRoutesBecomePlainGatewayRoutes() throws Exception {
        FakeKernel old = new FakeKernel().withoutNexthopObjects();
        RouteTable t = new RouteTable(old, OURS);
        t.setRoutes(List.of(
                Route.builder("10.5.0.0/24").nexthopId(3).build(),
                Route.builder("10.6.0.0/24").nexthopId(1).build(),
                Route.builder("10.7.0.0/24").nexthopId(9).build()));
        t.setNexthops(List.of(
                NexthopObject.via(1, OURS, Addresses.inet("192.168.0.1"), 4, true),
                NexthopObject.via(2, OURS, Addresses.inet("192.168.0.2"), 4, false),
                NexthopObject.group(3, OURS, List.of(new NexthopObject.Member(1, 1), new NexthopObject.Member(2, 5)))));
        ApplyResult r = t.apply();
        assertEquals(2, r.routesReplaced(), "the route naming unknown id 9 is left out");
        assertEquals(0, r.nexthopsReplaced());
        Route single =
                old.route(Route.builder("10.6.0.0/24").protocol(OURS).build().key());
        assertEquals(
                Route.builder("10.6.0.0/24")
                        .protocol(OURS)
                        .gateway("192.168.0.1")
                        .ifIndex(4)
                        .onlink(true)
                        .build(),
                single);
        Route ecmp =
                old.route(Route.builder("10.5.0.0/24").protocol(OURS).build().key());
        assertEquals(
                List.of(
                        new NextHop(Addresses.inet("192.168.0.1"), 4, 1, true),
                        new NextHop(Addresses.inet("192.168.0.2"), 4, 5, false)),
                ecmp.multipath());
        assertEquals(0, t.apply().writes());
    }

    @Test
    void anEventFloodBecomesOneResync() throws Exception {
        table.setRoutes(routes(1));
        table.apply();
        int lists = kernel.lists();
        Route r = routes(1).get(0);
        for (int i = 0; i < 10_001; i++) {
            table.onRouteEvent(r, true);
        }
        ApplyResult after = table.apply();
        assertTrue(after.resynced());
        assertEquals(lists + 1, kernel.lists());
        assertEquals(0, after.writes());
        assertFalse(table.apply().resynced(), "the queue was emptied by the resync");
    }

    @Test
    void theEchoOfOurOwnDeleteCausesNoWriteButAHandDeletionIsRestored() throws Exception {
        // The monitor filters our own echoes by sender port id (MonitorSenderFilterIT); one that gets
        // through (a monitor without the filter) must still be harmless.
        table.setRoutes(routes(2));
        table.markComplete();
        table.apply();
        Route gone = routes(2).get(0);
        Route kept = routes(2).get(1);
        table.setRoutes(List.of(kept));
        assertEquals(1, table.apply().routesDeleted());
        table.onRouteEvent(gone, true); // the echo of that delete
        assertEquals(0, table.apply().writes(), "our own delete's echo changes nothing");
        kernel.remove(kept.key()); // deleted by hand
        table.onRouteEvent(kept, true);
        assertTrue(table.hasWork(), "a hand deletion of a desired route is acted on at once");
        assertEquals(1, table.apply().routesReplaced(), "restored");
    }

    @Test
    void theEchoOfOurOwnWritesIsNotQueued() throws Exception {
        table.setRoutes(routes(1));
        table.apply();
        Route r = routes(1).get(0);
        for (int i = 0; i < 20_000; i++) {
            table.onRouteEvent(r, false); // what the monitor reports after each of our writes
        }
        assertFalse(table.hasWork(), "nothing queued, no resync: a bulk install does not re-dump the table");
    }
}
