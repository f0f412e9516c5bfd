package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Addresses;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

@NetnsTest
class NexthopOpsIntegrationTest {
    @Test
    void objectsGroupsAndRoutesThroughThem(TestNetns ns) throws Exception {
        int a0 = ns.veth("a0", "b0");
        ns.ip("addr", "add", "10.0.0.1/24", "dev", "a0");
        NetlinkHandle h = ns.handle();
        NexthopOps nh = new NexthopOps(h);
        RouteOps routes = new RouteOps(h);
        NexthopObject one = NexthopObject.via(1, 77, Addresses.inet("10.0.0.2"), a0, false);
        NexthopObject two = NexthopObject.via(2, 77, Addresses.inet("10.0.0.3"), a0, false);
        NexthopObject group =
                NexthopObject.group(3, 77, List.of(new NexthopObject.Member(1, 1), new NexthopObject.Member(2, 4)));
        NexthopObject hole = NexthopObject.blackhole(4, 77);
        for (NexthopObject o : List.of(one, two, group, hole)) {
            nh.add(o);
        }
        ns.ip("nexthop", "add", "id", "50", "via", "10.0.0.9", "dev", "a0");
        assertEquals(List.of(one, two, group, hole), nh.list(77));
        assertEquals(5, nh.list(RouteOps.ANY).size());

        routes.add(Route.builder("10.1.0.0/24").protocol(77).nexthopId(3).build());
        routes.add(Route.builder("10.2.0.0/24").protocol(77).nexthopId(4).build());
        String shown = ns.ip("route", "show", "10.1.0.0/24");
        assertTrue(shown.contains("nhid 3") && shown.contains("nexthop via 10.0.0.3 dev a0 weight 4"), shown);

        NetlinkException exists = assertThrows(NetlinkException.class, () -> nh.add(one));
        assertTrue(exists.isExists(), exists.toString());
        NetlinkException badGw = assertThrows(
                NetlinkException.class,
                () -> nh.add(NexthopObject.via(9, 77, Addresses.inet("192.168.1.1"), a0, false)));
        assertTrue(badGw.isNetUnreachable(), badGw.toString());
        NetlinkException noObject = assertThrows(
                NetlinkException.class,
                () -> routes.add(
                        Route.builder("10.3.0.0/24").protocol(77).nexthopId(99).build()));
        assertEquals("EINVAL", noObject.errno().name(), noObject.toString());

        nh.replace(NexthopObject.via(1, 77, Addresses.inet("10.0.0.4"), a0, false));
        assertTrue(ns.ip("route", "show", "10.1.0.0/24").contains("nexthop via 10.0.0.4"));

        nh.delete(3);
        assertEquals(
                List.of(),
                routes.list(Rtnl.AF_INET, Rtnl.RT_TABLE_MAIN, 77).stream()
                        .filter(r -> r.nexthopId() == 3)
                        .toList(),
                "the kernel deletes the routes of a deleted object");
        NetlinkException gone = assertThrows(NetlinkException.class, () -> nh.delete(3));
        assertTrue(gone.isNotFound(), gone.toString());
    }
}
