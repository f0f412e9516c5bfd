package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.Eventually;
import io.podroute.netlink.ffi.NetNs;
import io.podroute.netlink.ffi.NetlinkSocket;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.InterfaceAddress;
import io.podroute.routes.Link;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The monitor drops the echo of an ignored handle's route writes, by nlmsg_pid, and nothing else.
 * A raw subscriber (the tap) records the header of every route event, as ground truth for what the
 * kernel stamped.
 */
@NetnsTest
class MonitorSenderFilterIT {
    private static final int PROTO = 77;
    private static final int BATCH = 20;

    /** What the monitor delivered. */
    private static final class Events implements RouteMonitor.Listener {
        final List<String> routes = new CopyOnWriteArrayList<>();
        final List<String> links = new CopyOnWriteArrayList<>();
        final List<Integer> nexthops = new CopyOnWriteArrayList<>();
        final AtomicBoolean overflow = new AtomicBoolean();

        @Override
        public void onRoute(Route route, boolean deleted) {
            routes.add((deleted ? "del " : "new ") + route.dst());
        }

        @Override
        public void onNexthop(NexthopObject nexthop, boolean deleted) {
            nexthops.add(nexthop.id());
        }

        @Override
        public void onLink(Link link, boolean deleted) {
            links.add(link.name() + " mtu " + link.mtu());
        }

        @Override
        public void onOverflow() {
            overflow.set(true);
        }
    }

    /** One route event as the kernel sent it. */
    private record Seen(String op, String dst, int pid) {}

    /** A raw subscriber recording (type, dst or nexthop id, nlmsg_pid) of each route and nexthop event. */
    private static final class Tap implements AutoCloseable {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean failed = new AtomicBoolean();
        private final NetlinkSocket socket;
        private final Thread thread;
        private volatile boolean running = true;

        Tap(String namespace) throws NetlinkException {
            socket = NetNs.openSocket(namespace, Nl.NETLINK_ROUTE, Rtnl.RTMGRP_IPV4_ROUTE | Rtnl.RTMGRP_IPV6_ROUTE);
            socket.setBuffers(1 << 20, 16 << 20);
            socket.setReceiveTimeoutMillis(100);
            socket.joinGroup(Rtnl.RTNLGRP_NEXTHOP);
            thread = new Thread(this::loop, "tap");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            ByteBuffer rx = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
            try {
                while (running) {
                    int n = socket.receive(rx);
                    for (int at = 0; at < n; ) {
                        int len = MessageHeader.checkedAlignedLength(rx, at, n);
                        int type = MessageHeader.type(rx, at);
                        if (type == Rtnl.RTM_NEWROUTE || type == Rtnl.RTM_DELROUTE) {
                            Route r = RouteCodec.parse(rx, at);
                            String dst = r == null ? "?" : r.dst().toString();
                            seen.add(new Seen(
                                    type == Rtnl.RTM_NEWROUTE ? "new" : "del", dst, MessageHeader.pid(rx, at)));
                        } else if (type == Rtnl.RTM_NEWNEXTHOP || type == Rtnl.RTM_DELNEXTHOP) {
                            String id = "nh " + NexthopCodec.parse(rx, at).id();
                            seen.add(new Seen(
                                    type == Rtnl.RTM_NEWNEXTHOP ? "new" : "del", id, MessageHeader.pid(rx, at)));
                        }
                        at += len;
                    }
                }
            } catch (NetlinkException | RuntimeException e) {
                failed.set(running);
            }
        }

        List<Seen> of(String dst) {
            return seen.stream().filter(s -> s.dst().equals(dst)).collect(Collectors.toList());
        }

        long countFrom(int pid) {
            return seen.stream().filter(s -> s.pid() == pid).count();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }
    }

    private static List<Route> blackholes(String v4Base, String v6Base, int n) {
        List<Route> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(blackhole(v4Base + i + "/32"));
            out.add(blackhole(v6Base + Integer.toHexString(i) + "/128"));
        }
        return out;
    }

    private static Route blackhole(String dst) {
        return Route.builder(dst).type(RouteType.BLACKHOLE).protocol(PROTO).build();
    }

    /** Single and batched add, replace, delete through one handle; and a nexthop object's life. */
    private static void churn(NetlinkHandle h, Route v4, Route v6, List<Route> batch, int nexthopId)
            throws NetlinkException {
        NexthopOps nexthops = new NexthopOps(h);
        nexthops.add(NexthopObject.blackhole(nexthopId, PROTO));
        nexthops.replace(NexthopObject.blackhole(nexthopId, PROTO + 1));
        nexthops.delete(nexthopId);
        RouteOps ops = new RouteOps(h);
        for (Route r : List.of(v4, v6)) {
            ops.add(r);
            ops.replace(r.toBuilder().mtu(1300).build());
            ops.delete(r);
        }
        assertTrue(ops.addAll(batch).isEmpty());
        // A real change: IPv4 sends no event for a replace by an identical route (IPv6 does).
        List<Route> changed = new ArrayList<>();
        batch.forEach(r -> changed.add(r.toBuilder().mtu(1300).build()));
        assertTrue(ops.replaceAll(changed).isEmpty());
        assertTrue(ops.deleteAll(batch).isEmpty());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "kernel BPF filter: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void dropsOnlyTheIgnoredHandlesRouteEvents(boolean kernelFilter, TestNetns ns) throws Exception {
        ns.veth("a0", "b0");
        Events events = new Events();
        RouteMonitor monitor = ns.closeLater(RouteMonitor.start(ns.name(), events));
        monitor.allowKernelFilter(kernelFilter);
        Tap tap = ns.closeLater(new Tap(ns.name()));
        NetlinkHandle a = ns.handle();
        NetlinkHandle b = ns.handle();
        assertNotEquals(0, a.portId());
        assertNotEquals(0, b.portId());
        assertNotEquals(a.portId(), b.portId());
        monitor.ignoreSender(a.portId());
        monitor.ignoreSender(0); // never ignored: the kernel's own events carry 0
        assertEquals(kernelFilter, monitor.kernelFiltered(), "the BPF filter is attached (or not, as asked)");

        // Through A: no route event may reach the listener.
        List<Route> batchA = blackholes("10.9.0.", "fd09::", BATCH);
        churn(a, blackhole("10.9.1.1/32"), blackhole("fd09:1::1/128"), batchA, 41);
        // Through A too, but carried out by the kernel itself (pid 0): the address's routes come.
        new AddressOps(a).add(InterfaceAddress.parse(ns.ifIndex("a0"), "10.0.0.1/24"));
        // A link change through A: link events are never filtered.
        LinkOps linksA = new LinkOps(a);
        linksA.setMtu(linksA.get("a0"), 1400);
        // Through B and through `ip`: all reported.
        List<Route> batchB = blackholes("10.8.0.", "fd08::", BATCH);
        churn(b, blackhole("10.8.1.1/32"), blackhole("fd08:1::1/128"), batchB, 42);
        ns.ip("route", "add", "blackhole", "10.7.0.1/32", "proto", "77");
        ns.ip("route", "del", "10.7.0.1/32");
        ns.ip("-6", "route", "add", "blackhole", "fd07::1/128", "proto", "77");
        ns.ip("-6", "route", "del", "fd07::1/128");
        // The marker: once the monitor has it, it has read everything before it.
        new RouteOps(b).add(blackhole("10.6.0.1/32"));
        Eventually.await("the marker", () -> events.routes.contains("new 10.6.0.1/32"));
        Eventually.await("the tap's marker", () -> !tap.of("10.6.0.1/32").isEmpty());
        assertFalse(events.overflow.get(), "monitor overflowed");
        assertFalse(tap.failed.get(), "tap failed");

        List<String> seen = events.routes;
        // The kernel stamped A's writes with A's port id, for both families, single and batched.
        List<String> aDsts = new ArrayList<>(List.of("10.9.1.1/32", "fd09:1::1/128", "nh 41"));
        batchA.forEach(r -> aDsts.add(r.dst().toString()));
        assertFalse(events.nexthops.contains(41), events.nexthops.toString());
        for (String dst : aDsts) {
            List<Seen> kernel = tap.of(dst);
            assertFalse(kernel.isEmpty(), "no event at all for " + dst);
            assertTrue(kernel.stream().allMatch(s -> s.pid() == a.portId()), dst + ": " + kernel);
            assertFalse(seen.contains("new " + dst) || seen.contains("del " + dst), dst + " reached the listener");
        }
        long fromA = tap.countFrom(a.portId());
        assertTrue(fromA >= 3 + 2 * 3 + 2L * BATCH * 3, "events stamped with A: " + fromA);
        // Dropped by the kernel (nothing read), or read and dropped before parsing: never delivered.
        assertEquals(
                kernelFilter ? 0 : fromA,
                monitor.ignoredEvents(),
                "every event stamped with A, and only those, is dropped");

        // B's writes are stamped with B's port id and all reported.
        List<String> bDsts = new ArrayList<>(List.of("10.8.1.1/32", "fd08:1::1/128"));
        assertTrue(
                tap.of("nh 42").stream().allMatch(s -> s.pid() == b.portId()),
                tap.of("nh 42").toString());
        assertEquals(
                tap.of("nh 42").size(),
                events.nexthops.stream().filter(id -> id == 42).count());
        assertTrue(tap.of("nh 42").size() >= 3, tap.of("nh 42").toString());
        batchB.forEach(r -> bDsts.add(r.dst().toString()));
        for (String dst : bDsts) {
            assertTrue(tap.of(dst).stream().allMatch(s -> s.pid() == b.portId()), dst + ": " + tap.of(dst));
            assertTrue(seen.contains("new " + dst), "new " + dst + " missing");
            assertTrue(seen.contains("del " + dst), "del " + dst + " missing");
        }
        bDsts.add("10.6.0.1/32");
        long toListener = seen.stream()
                .filter(e -> bDsts.contains(e.substring(e.indexOf(' ') + 1)))
                .count();
        toListener += events.nexthops.stream().filter(id -> id == 42).count();
        assertEquals(tap.countFrom(b.portId()), toListener, "every event of B reaches the listener");

        // `ip route` runs as its own process: its own port id, reported.
        for (String dst : List.of("10.7.0.1/32", "fd07::1/128")) {
            List<Seen> kernel = tap.of(dst);
            assertTrue(kernel.stream().allMatch(s -> s.pid() != 0 && s.pid() != a.portId()), dst + ": " + kernel);
            assertTrue(seen.contains("new " + dst) && seen.contains("del " + dst), dst + " missing: " + seen);
        }

        // The address's routes are made by the kernel (pid 0), though A asked for the address.
        List<Seen> local = tap.of("10.0.0.1/32");
        assertFalse(local.isEmpty(), tap.seen.toString());
        assertTrue(local.stream().allMatch(s -> s.pid() == 0), local.toString());
        assertTrue(seen.contains("new 10.0.0.1/32"), seen.toString());
        assertTrue(seen.contains("new 10.0.0.0/24"), seen.toString());
        assertTrue(events.links.contains("a0 mtu 1400"), events.links.toString());
    }

    @Test
    void stoppingToIgnoreReportsTheSenderAgain(TestNetns ns) throws Exception {
        Events events = new Events();
        RouteMonitor monitor = ns.closeLater(RouteMonitor.start(ns.name(), events));
        NetlinkHandle a = ns.handle();
        RouteOps ops = new RouteOps(a);
        monitor.ignoreSender(a.portId());
        monitor.ignoreSender(a.portId());
        ops.add(blackhole("10.9.0.1/32"));
        new RouteOps(ns.handle()).add(blackhole("10.6.0.1/32")); // a marker from another socket
        Eventually.await("the marker", () -> events.routes.contains("new 10.6.0.1/32"));
        monitor.stopIgnoringSender(a.portId());
        ops.add(blackhole("10.9.0.2/32"));
        Eventually.await("the second route", () -> events.routes.contains("new 10.9.0.2/32"));
        assertEquals(List.of("new 10.6.0.1/32", "new 10.9.0.2/32"), events.routes);
    }
}
