package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import io.podroute.routes.kernel.NetlinkKernelRoutes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The streaming dump delivers what the list dump returns, with the same filters, holding nothing. */
@NetnsTest
class RouteStreamingDumpIT {
    private static final int PROTO = 77;
    private static final int COUNT = 10_000;

    private static Route v4(int i, int protocol, int table) {
        return Route.builder(Prefix.of(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}, 32))
                .type(RouteType.BLACKHOLE)
                .protocol(protocol)
                .table(table)
                .build();
    }

    private static Route v6(int i) {
        return Route.builder("fd09::" + Integer.toHexString(i) + "/128")
                .type(RouteType.BLACKHOLE)
                .protocol(PROTO)
                .build();
    }

    private static RouteOps populated(TestNetns ns) throws Exception {
        RouteOps ops = new RouteOps(ns.handle());
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            routes.add(v4(i, PROTO, Rtnl.RT_TABLE_MAIN));
        }
        for (int i = 1; i <= 500; i++) {
            routes.add(v6(i));
            routes.add(v4(COUNT + i, 78, Rtnl.RT_TABLE_MAIN)); // another protocol
            routes.add(v4(COUNT + 1000 + i, PROTO, 100)); // another table
        }
        assertTrue(ops.addAll(routes).isEmpty());
        return ops;
    }

    @Test
    void forEachDeliversWhatListReturns(TestNetns ns) throws Exception {
        RouteOps ops = populated(ns);
        int[][] filters = {
            {Rtnl.AF_UNSPEC, RouteOps.ANY, PROTO},
            {Rtnl.AF_INET, Rtnl.RT_TABLE_MAIN, PROTO},
            {Rtnl.AF_INET6, Rtnl.RT_TABLE_MAIN, PROTO},
            {Rtnl.AF_INET, 100, RouteOps.ANY},
            {Rtnl.AF_UNSPEC, RouteOps.ANY, RouteOps.ANY},
        };
        int[] expected = {COUNT + 1000, COUNT, 500, 500, -1};
        for (int f = 0; f < filters.length; f++) {
            int[] q = filters[f];
            List<Route> listed = ops.list(q[0], q[1], q[2]);
            List<Route> streamed = new ArrayList<>();
            int n = ops.forEach(q[0], q[1], q[2], streamed::add);
            assertEquals(streamed.size(), n);
            assertEquals(new HashSet<>(listed), new HashSet<>(streamed), "filter " + f);
            assertEquals(listed.size(), streamed.size(), "no duplicates, filter " + f);
            if (expected[f] >= 0) {
                assertEquals(expected[f], n, "filter " + f);
            }
        }
    }

    @Test
    void aFailingSinkLeavesTheHandleUsable(TestNetns ns) throws Exception {
        RouteOps ops = populated(ns);
        IllegalStateException boom = new IllegalStateException("sink failed");
        int[] calls = new int[1];
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> ops.forEach(Rtnl.AF_UNSPEC, RouteOps.ANY, PROTO, r -> {
                    if (++calls[0] == 10) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
        assertEquals(10, calls[0], "nothing delivered after the failure");
        // The rest of the dump was drained: the next dump neither fails with EBUSY nor sees stale replies.
        assertEquals(COUNT + 1000, ops.list(Rtnl.AF_UNSPEC, RouteOps.ANY, PROTO).size());
        assertEquals(COUNT + 1000, ops.forEach(Rtnl.AF_UNSPEC, RouteOps.ANY, PROTO, r -> {}));
    }

    @Test
    void kernelRoutesStreamAndNameTheirSender(TestNetns ns) throws Exception {
        populated(ns);
        NetlinkKernelRoutes kernel = new NetlinkKernelRoutes(ns.handle());
        Set<Route> streamed = new HashSet<>();
        int n = kernel.forEachRoute(PROTO, streamed::add);
        assertEquals(COUNT + 1000, n);
        assertEquals(new HashSet<>(kernel.listRoutes(PROTO)), streamed);
        assertNotEquals(0, kernel.senderPortId());
    }
}
