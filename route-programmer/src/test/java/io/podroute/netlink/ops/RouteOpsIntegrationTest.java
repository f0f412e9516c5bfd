package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@NetnsTest
class RouteOpsIntegrationTest {
    private static final int PROTO = 77;

    private static RouteOps ops(TestNetns ns) throws NetlinkException {
        return new RouteOps(ns.handle());
    }

    /** veth a0 with 10.0.0.1/24 and fd00::1/64 (nodad), so gateways 10.0.0.x / fd00::x resolve. */
    private static int link(TestNetns ns) {
        int idx = ns.veth("a0", "b0");
        ns.ip("addr", "add", "10.0.0.1/24", "dev", "a0");
        ns.ip("-6", "addr", "add", "fd00::1/64", "dev", "a0", "nodad");
        return idx;
    }

    private static List<Route> ours(RouteOps ops) throws NetlinkException {
        return ops.list(Rtnl.AF_UNSPEC, RouteOps.ANY, PROTO);
    }

    @Test
    void addReplaceDelete(TestNetns ns) throws Exception {
        int a0 = link(ns);
        RouteOps ops = ops(ns);
        Route r =
                Route.builder("10.1.0.0/24").gateway("10.0.0.2").protocol(PROTO).build();
        ops.add(r);
        assertEquals(List.of(r.toBuilder().ifIndex(a0).build()), ours(ops));
        assertTrue(ns.ip("route", "show", "10.1.0.0/24").contains("via 10.0.0.2 dev a0 proto 77"));

        Route moved = r.toBuilder().gateway("10.0.0.3").build();
        ops.replace(moved);
        List<Route> now = ours(ops);
        assertEquals(1, now.size());
        assertTrue(moved.satisfiedBy(now.get(0)), now.toString());

        ops.delete(moved);
        assertEquals(List.of(), ours(ops));
    }

    @Test
    void ecmpBlackholeUnreachableMtuOnlink(TestNetns ns) throws Exception {
        int a0 = link(ns);
        RouteOps ops = ops(ns);
        List<Route> routes = List.of(
                Route.builder("10.2.0.0/24")
                        .protocol(PROTO)
                        .multipath(List.of(
                                new NextHop(Addresses.inet("10.0.0.2"), a0, 1, false),
                                new NextHop(Addresses.inet("10.0.0.3"), a0, 3, false)))
                        .build(),
                Route.builder("10.3.0.0/24")
                        .protocol(PROTO)
                        .type(RouteType.BLACKHOLE)
                        .build(),
                Route.builder("10.4.0.0/24")
                        .protocol(PROTO)
                        .type(RouteType.UNREACHABLE)
                        .build(),
                Route.builder("10.5.0.0/24")
                        .protocol(PROTO)
                        .gateway("10.0.0.2")
                        .ifIndex(a0)
                        .mtu(1380)
                        .advmss(1340)
                        .build(),
                Route.builder("10.6.0.0/24")
                        .protocol(PROTO)
                        .gateway("192.168.50.1")
                        .ifIndex(a0)
                        .onlink(true)
                        .build(),
                Route.builder("fd01::/64")
                        .protocol(PROTO)
                        .gateway("fd00::2")
                        .ifIndex(a0)
                        .build(),
                Route.builder("fd02::/64")
                        .protocol(PROTO)
                        .type(RouteType.BLACKHOLE)
                        .build());
        for (Route r : routes) {
            ops.add(r);
        }
        List<Route> got = ours(ops);
        assertEquals(routes.size(), got.size(), got.toString());
        for (Route want : routes) {
            assertTrue(got.stream().anyMatch(want::satisfiedBy), "missing " + want + " in " + got);
        }
        String shown = ns.ip("route", "show", "proto", "77");
        assertTrue(shown.contains("10.5.0.0/24 via 10.0.0.2 dev a0 mtu 1380 advmss 1340"), shown);
        assertTrue(shown.contains("nexthop via 10.0.0.3 dev a0 weight 3"), shown);
        assertTrue(shown.contains("10.6.0.0/24 via 192.168.50.1 dev a0 onlink"), shown);
    }

    @Test
    void errorsAreTypedByErrno(TestNetns ns) throws Exception {
        int a0 = link(ns);
        RouteOps ops = ops(ns);
        Route r =
                Route.builder("10.1.0.0/24").gateway("10.0.0.2").protocol(PROTO).build();
        ops.add(r);
        NetlinkException exists = assertThrows(NetlinkException.class, () -> ops.add(r));
        assertTrue(exists.isExists(), exists.toString());
        assertTrue(exists.getMessage().contains("10.1.0.0/24"), exists.getMessage());

        Route offLink = Route.builder("10.7.0.0/24")
                .gateway("192.168.9.1")
                .ifIndex(a0)
                .protocol(PROTO)
                .build();
        NetlinkException unreachable = assertThrows(NetlinkException.class, () -> ops.add(offLink));
        assertTrue(unreachable.isNetUnreachable(), unreachable.toString());
        assertTrue(unreachable.extAck().isPresent(), "extended ack expected: " + unreachable);

        Route noDev = Route.builder("10.8.0.0/24").ifIndex(9999).protocol(PROTO).build();
        NetlinkException nodev = assertThrows(NetlinkException.class, () -> ops.add(noDev));
        assertTrue(nodev.isNoDevice(), nodev.toString());
    }

    @Test
    void deleteNeverTouchesForeignProtocol(TestNetns ns) throws Exception {
        link(ns);
        RouteOps ops = ops(ns);
        ns.ip("route", "add", "10.9.0.0/24", "via", "10.0.0.2", "proto", "static");
        Route same =
                Route.builder("10.9.0.0/24").gateway("10.0.0.2").protocol(PROTO).build();
        NetlinkException e = assertThrows(NetlinkException.class, () -> ops.delete(same));
        assertTrue(e.isNotFound(), e.toString());
        assertTrue(ns.ip("route", "show", "10.9.0.0/24").contains("proto static"));
    }

    @Test
    void batchReportsFailuresAndKeepsTheRest(TestNetns ns) throws Exception {
        int a0 = link(ns);
        RouteOps ops = ops(ns);
        List<Route> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(Route.builder(Prefix.of(new byte[] {10, (byte) (100 + i / 256), (byte) i, 0}, 24))
                    .gateway("10.0.0.2")
                    .protocol(PROTO)
                    .build());
        }
        batch.set(
                1500,
                Route.builder("10.250.0.0/24").ifIndex(4242).protocol(PROTO).build());
        List<NetlinkHandle.Failure<Route>> failures = ops.addAll(batch);
        assertEquals(1, failures.size(), failures.toString());
        assertEquals(1500, failures.get(0).index());
        assertTrue(failures.get(0).error().isNoDevice());
        assertEquals(2999, ours(ops).size());
        assertTrue(a0 > 0);

        List<NetlinkHandle.Failure<Route>> deleted = ops.deleteAll(batch);
        assertEquals(1, deleted.size(), deleted.toString());
        assertTrue(deleted.get(0).error().isNotFound());
        assertEquals(List.of(), ours(ops));
    }

    @Test
    void lookupReturnsTheFibEntry(TestNetns ns) throws Exception {
        link(ns);
        RouteOps ops = ops(ns);
        Route r =
                Route.builder("10.1.0.0/24").gateway("10.0.0.2").protocol(PROTO).build();
        ops.add(r);
        Route found = ops.lookup(Prefix.parse("10.1.0.77/32"));
        assertTrue(r.satisfiedBy(found), found.toString());
        assertFalse(found.dst().equals(Prefix.parse("10.1.0.77/32")));
    }

    @Test
    void batchesLargerThanOneSendKeepFailureIndices(TestNetns ns) throws Exception {
        link(ns);
        RouteOps ops = ops(ns);
        List<Route> batch = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            batch.add(Route.builder(Prefix.of(new byte[] {100, 64, (byte) (i >> 8), (byte) i}, 32))
                    .gateway("10.0.0.2")
                    .protocol(PROTO)
                    .build());
        }
        batch.set(
                100,
                Route.builder("10.251.0.0/24")
                        .gateway("192.168.99.1")
                        .protocol(PROTO)
                        .build());
        batch.set(
                15_000,
                Route.builder("10.252.0.0/24").ifIndex(4242).protocol(PROTO).build());
        List<NetlinkHandle.Failure<Route>> failures = ops.replaceAll(batch);
        assertEquals(
                List.of(100, 15_000),
                failures.stream().map(NetlinkHandle.Failure::index).toList());
        assertTrue(failures.get(0).error().isNetUnreachable());
        assertTrue(failures.get(1).error().isNoDevice());
        assertEquals(19_998, ours(ops).size());
        assertEquals(List.of(), ops.replaceAll(batch.subList(0, 100)), "replace is idempotent");
    }
}
