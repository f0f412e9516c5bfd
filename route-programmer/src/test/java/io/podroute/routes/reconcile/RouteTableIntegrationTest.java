package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.Eventually;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.ops.RouteMonitor;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import io.podroute.routes.kernel.NetlinkKernelRoutes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@NetnsTest
class RouteTableIntegrationTest {
    private static final int PROTO = 77;

    private static int setUp(TestNetns ns) {
        int a0 = ns.veth("a0", "b0");
        ns.ip("addr", "add", "10.0.0.1/24", "dev", "a0");
        ns.ip("-6", "addr", "add", "fd00::1/64", "dev", "a0", "nodad");
        return a0;
    }

    private static List<Route> desired(int n) {
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Route.builder(Prefix.of(new byte[] {10, 1, (byte) i, 0}, 24))
                    .gateway("10.0.0." + (2 + i % 3))
                    .build());
        }
        out.add(Route.builder("10.2.0.0/16").type(RouteType.BLACKHOLE).build());
        out.add(Route.builder("fd01::/64").gateway("fd00::2").mtu(1400).build());
        return out;
    }

    private static RouteTable table(TestNetns ns) throws NetlinkException {
        return new RouteTable(new NetlinkKernelRoutes(ns.handle()), PROTO);
    }

    /** Records our-protocol events; a foreign marker route tells when earlier events have all arrived. */
    private static final class Recorder implements RouteMonitor.Listener {
        final List<String> ours = new CopyOnWriteArrayList<>();
        volatile boolean marker;

        @Override
        public void onRoute(Route route, boolean deleted) {
            if (route.protocol() == PROTO) {
                ours.add((deleted ? "del " : "new ") + route);
            }
            if (route.dst().equals(Prefix.parse("10.99.0.0/24"))) {
                marker = true;
            }
        }

        @Override
        public void onOverflow() {
            ours.add("overflow");
        }
    }

    @Test
    void adoptsAcrossARestartWithoutAFlap(TestNetns ns) throws Exception {
        setUp(ns);
        RouteTable first = table(ns);
        first.setRoutes(desired(50));
        first.markComplete();
        ApplyResult installed = first.apply();
        assertEquals(52, installed.routesReplaced(), installed.toString());

        Recorder recorder = new Recorder();
        ns.closeLater(RouteMonitor.start(ns.name(), recorder));
        RouteTable restarted = table(ns);
        restarted.setRoutes(desired(50));
        ApplyResult adopted = restarted.apply();
        assertEquals(0, adopted.writes(), adopted.toString());
        restarted.markComplete();
        assertEquals(0, restarted.apply().writes());

        ns.ip("route", "add", "10.99.0.0/24", "via", "10.0.0.9", "proto", "static");
        Eventually.await("marker route event", () -> recorder.marker);
        assertEquals(List.of(), recorder.ours, "no route of ours was deleted or rewritten");
    }

    @Test
    void neverTouchesForeignRoutes(TestNetns ns) throws Exception {
        setUp(ns);
        ns.ip("route", "add", "10.1.0.0/24", "via", "10.0.0.9", "proto", "static", "metric", "5");
        ns.ip("route", "add", "10.3.0.0/24", "via", "10.0.0.9", "proto", "bird");
        ns.ip("route", "add", "10.4.0.0/24", "via", "10.0.0.9");
        String before = ns.ip("route", "show", "table", "all");
        RouteTable t = table(ns);
        t.setRoutes(desired(3));
        t.markComplete();
        t.apply();
        t.setRoutes(List.of());
        ApplyResult cleared = t.apply();
        assertEquals(5, cleared.routesDeleted(), cleared.toString());
        assertEquals(before, ns.ip("route", "show", "table", "all"));
    }

    @Test
    void restoresRoutesDeletedOrChangedByHand(TestNetns ns) throws Exception {
        setUp(ns);
        RouteTable t = table(ns);
        t.setRoutes(desired(5));
        t.markComplete();
        List<ApplyResult> results = new CopyOnWriteArrayList<>();
        RouteTableLoop loop = ns.closeLater(
                new RouteTableLoop(t, Duration.ofHours(1), Duration.ofMillis(100), (r, took) -> results.add(r)));
        ns.closeLater(RouteMonitor.start(ns.name(), loop));
        loop.kick();
        Eventually.await(
                "initial install",
                () -> ns.ip("route", "show", "proto", "77").lines().count() == 6);

        ns.ip("route", "del", "10.1.3.0/24");
        Eventually.await("10.1.3.0/24 restored", () -> ns.ip("route", "show", "10.1.3.0/24")
                .contains("via 10.0.0.2 dev a0 proto 77"));

        ns.ip("route", "replace", "10.1.4.0/24", "via", "10.0.0.9");
        Eventually.await("10.1.4.0/24 taken back", () -> ns.ip("route", "show", "10.1.4.0/24")
                .contains("via 10.0.0.3 dev a0 proto 77"));

        ns.ip("-6", "route", "del", "fd01::/64");
        Eventually.await("fd01::/64 restored", () -> ns.ip("-6", "route", "show", "fd01::/64")
                .contains("proto 77"));
        assertTrue(results.stream().noneMatch(ApplyResult::hasFailures), results.toString());
    }

    @Test
    void leavesAForeignRouteOnAKeyItNeverHeldAndInstallsOnceItGoes(TestNetns ns) throws Exception {
        setUp(ns);
        ns.ip("route", "add", "10.50.0.0/24", "via", "10.0.0.9", "proto", "static");
        ns.ip("-6", "route", "add", "fd50::/64", "via", "fd00::9", "proto", "static");
        String before = ns.ip("route", "show", "table", "all");
        RouteTable t = table(ns);
        List<Route> routes = new ArrayList<>(desired(3));
        routes.add(Route.builder("10.50.0.0/24").gateway("10.0.0.2").build());
        routes.add(Route.builder("fd50::/64").gateway("fd00::2").build());
        t.setRoutes(routes);
        t.markComplete();
        ApplyResult first = t.apply();
        assertFalse(first.hasFailures(), first.toString());
        assertEquals(5, first.routesReplaced(), first.toString());
        assertEquals(2, first.conflicts());
        assertEquals(2, first.newConflicts().size());
        assertTrue(first.newConflicts().stream().allMatch(c -> c.holder().protocol() == 4), first.toString());
        for (int i = 0; i < 3; i++) {
            t.requestResync();
            ApplyResult again = t.apply();
            assertEquals(0, again.writes(), again.toString());
            assertEquals(2, again.conflicts());
            assertEquals(List.of(), again.newConflicts());
        }
        assertTrue(ns.ip("route", "show", "10.50.0.0/24").contains("via 10.0.0.9 dev a0 proto static"));
        assertTrue(ns.ip("-6", "route", "show", "fd50::/64").contains("via fd00::9 dev a0 proto static"));
        t.setRoutes(desired(3));
        t.apply();
        assertEquals(
                before.lines().filter(l -> !l.contains("proto 77")).toList(),
                ns.ip("route", "show", "table", "all")
                        .lines()
                        .filter(l -> !l.contains("proto 77"))
                        .toList(),
                "foreign routes untouched");

        t.setRoutes(routes);
        RouteTableLoop loop =
                ns.closeLater(new RouteTableLoop(t, Duration.ofHours(1), Duration.ofMillis(100), (r, took) -> {}));
        ns.closeLater(RouteMonitor.start(ns.name(), loop));
        loop.kick();
        Eventually.await("conflicts reported again", () -> loop.passes() > 0);
        ns.ip("route", "del", "10.50.0.0/24", "proto", "static");
        Eventually.await(
                "10.50.0.0/24 installed once the static route went",
                () -> ns.ip("route", "show", "10.50.0.0/24").contains("via 10.0.0.2 dev a0 proto 77"));
        assertTrue(ns.ip("-6", "route", "show", "fd50::/64").contains("proto static"));
    }

    @Test
    void aRejectedRouteIsRetriedAndTheRestIsInstalled(TestNetns ns) throws Exception {
        setUp(ns);
        RouteTable t = table(ns);
        List<Route> routes = new ArrayList<>(desired(5));
        routes.add(Route.builder("10.50.0.0/24").gateway("192.168.7.1").build());
        t.setRoutes(routes);
        ApplyResult r = t.apply();
        assertEquals(7, r.routesReplaced());
        assertEquals(1, r.routeFailures().size());
        NetlinkException e = r.routeFailures().get(0).error();
        assertTrue(e.isNetUnreachable(), e.toString());
        assertTrue(e.getMessage().contains("10.50.0.0/24") && e.getMessage().contains("ENETUNREACH"), e.getMessage());

        ns.ip("addr", "add", "192.168.7.2/24", "dev", "a0");
        ApplyResult retry = t.apply();
        assertTrue(retry.resynced());
        assertFalse(retry.hasFailures(), retry.toString());
        assertEquals(1, retry.routesReplaced());
    }

    @Test
    void nexthopObjectsMakeANodeMoveOneUpdate(TestNetns ns) throws Exception {
        int a0 = setUp(ns);
        RouteTable t = table(ns);
        NexthopObject peer = NexthopObject.via(1, PROTO, Addresses.inet("10.0.0.2"), a0, false);
        NexthopObject other = NexthopObject.via(2, PROTO, Addresses.inet("10.0.0.3"), a0, false);
        NexthopObject ecmp =
                NexthopObject.group(3, PROTO, List.of(new NexthopObject.Member(1, 1), new NexthopObject.Member(2, 2)));
        t.setNexthops(List.of(peer, other, ecmp));
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            routes.add(Route.builder(Prefix.of(new byte[] {10, 3, (byte) i, 0}, 24))
                    .nexthopId(1)
                    .build());
        }
        routes.add(Route.builder("10.4.0.0/24").nexthopId(3).build());
        t.setRoutes(routes);
        ApplyResult r = t.apply();
        assertFalse(r.hasFailures(), r.toString());
        assertEquals(3, r.nexthopsReplaced());
        assertTrue(ns.ip("nexthop", "show", "id", "3").contains("group 1/2,2"));

        t.setNexthops(List.of(NexthopObject.via(1, PROTO, Addresses.inet("10.0.0.7"), a0, false), other, ecmp));
        ApplyResult moved = t.apply();
        assertEquals(1, moved.writes(), moved.toString());
        assertTrue(ns.ip("route", "show", "10.3.7.0/24").contains("via 10.0.0.7"), ns.ip("route"));
        RouteTable fresh = table(ns);
        fresh.setNexthops(List.of(NexthopObject.via(1, PROTO, Addresses.inet("10.0.0.7"), a0, false), other, ecmp));
        fresh.setRoutes(routes);
        fresh.markComplete();
        assertEquals(0, fresh.apply().writes(), "a fresh table adopts nexthops and routes as they are");
    }

    @Test
    void ecmpRoutesIpv4AndIpv6AreReplacedWholeAndAdopted(TestNetns ns) throws Exception {
        int a0 = setUp(ns);
        RouteTable t = table(ns);
        List<Route> routes = List.of(
                Route.builder("10.8.0.0/24")
                        .multipath(List.of(
                                new NextHop(Addresses.inet("10.0.0.2"), a0, 1, false),
                                new NextHop(Addresses.inet("10.0.0.3"), a0, 2, false)))
                        .build(),
                Route.builder("fd05::/64")
                        .multipath(List.of(
                                new NextHop(Addresses.inet("fd00::2"), a0, 1, false),
                                new NextHop(Addresses.inet("fd00::3"), a0, 3, false)))
                        .build());
        t.setRoutes(routes);
        assertEquals(2, t.apply().routesReplaced());
        RouteTable adopter = table(ns);
        adopter.setRoutes(routes);
        adopter.markComplete();
        assertEquals(0, adopter.apply().writes(), "a fresh table adopts both ECMP routes");

        List<Route> reweighted = List.of(
                routes.get(0),
                Route.builder("fd05::/64")
                        .multipath(List.of(
                                new NextHop(Addresses.inet("fd00::4"), a0, 5, false),
                                new NextHop(Addresses.inet("fd00::3"), a0, 1, false)))
                        .build());
        t.setRoutes(reweighted);
        ApplyResult r = t.apply();
        assertFalse(r.hasFailures(), r.toString());
        String v6 = ns.ip("-6", "route", "show", "fd05::/64");
        assertTrue(v6.contains("via fd00::4 dev a0 weight 5") && v6.contains("via fd00::3 dev a0 weight 1"), v6);
        assertFalse(v6.contains("fd00::2"), v6);
        RouteTable fresh = table(ns);
        fresh.setRoutes(reweighted);
        fresh.markComplete();
        assertEquals(0, fresh.apply().writes(), ns.ip("-6", "route"));
    }
}
