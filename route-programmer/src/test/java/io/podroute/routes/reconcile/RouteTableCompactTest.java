package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import io.podroute.routes.RouteType;
import io.podroute.routes.kernel.FakeKernel;
import io.podroute.routes.kernel.KernelRoutes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The route table's compact IPv4 path: {@link RouteTable#updateIpv4}, chunked passes, the lock. */
class RouteTableCompactTest {
    private static final int OURS = 77;

    private static Route via(String gw) {
        return Route.builder("0.0.0.0/0").gateway(gw).protocol(OURS).build();
    }

    private static final List<Route> TEMPLATES = List.of(
            via("192.168.0.1"),
            via("192.168.0.2"),
            Route.builder("0.0.0.0/0")
                    .gateway("192.168.0.3")
                    .onlink(true)
                    .ifIndex(7)
                    .mtu(1480)
                    .build(),
            Route.builder("0.0.0.0/0").type(RouteType.BLACKHOLE).priority(1024).build());

    private static int address(int i) {
        return 0x0a000000 | (i << 8);
    }

    private static Prefix prefix(int i, int len) {
        int a = address(i);
        return Prefix.of(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, len);
    }

    private static Route at(Route template, Prefix p) {
        return Ipv4Shapes.withDst(template.toBuilder().protocol(OURS).build(), p);
    }

    private static Set<String> kernelState(FakeKernel k) {
        Set<String> out = new HashSet<>();
        k.allRoutes().forEach(r -> out.add(r.toString()));
        return out;
    }

    @Test
    void updateIpv4EqualsUpdateRoutesOverRandomChanges() throws Exception {
        FakeKernel objectsKernel = new FakeKernel();
        FakeKernel compactKernel = new FakeKernel();
        RouteTable objects = new RouteTable(objectsKernel, OURS);
        RouteTable compact = new RouteTable(compactKernel, OURS);
        int[] shapes = new int[TEMPLATES.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = compact.ipv4Shape(TEMPLATES.get(i));
        }
        Random rnd = new Random(7);
        Map<RouteKey, Route> model = new HashMap<>();
        for (int round = 0; round < 60; round++) {
            Ipv4Changes changes = new Ipv4Changes();
            Map<RouteKey, Route> ups = new java.util.LinkedHashMap<>();
            Set<RouteKey> rems = new java.util.LinkedHashSet<>();
            for (int n = 0; n < 200; n++) {
                int i = rnd.nextInt(300);
                int len = 22 + rnd.nextInt(3);
                int t = rnd.nextInt(TEMPLATES.size());
                Route r = at(TEMPLATES.get(t), prefix(i, len));
                if (rnd.nextInt(3) == 0) {
                    changes.remove(address(i), len, shapes[t]);
                    ups.remove(r.key());
                    rems.add(r.key());
                    model.remove(r.key());
                } else {
                    changes.put(address(i), len, shapes[t]);
                    rems.remove(r.key());
                    ups.put(r.key(), r);
                    model.put(r.key(), r);
                }
            }
            objects.updateRoutes(ups.values(), rems);
            compact.updateIpv4(changes);
            if (round % 7 == 0) {
                objects.markComplete();
                compact.markComplete();
            }
            objects.apply();
            compact.apply();
            assertEquals(kernelState(objectsKernel), kernelState(compactKernel), "round " + round);
            assertEquals(objects.desiredCount(), compact.desiredCount());
        }
        Set<String> expected = new HashSet<>();
        model.values().forEach(r -> expected.add(r.toString()));
        assertEquals(expected, kernelState(compactKernel));
        for (RouteKey k : model.keySet()) {
            assertTrue(compact.inKernel(k), k.toString());
        }
    }

    @Test
    void aBulkInstallGoesOutInChunksAndAllArrives() throws Exception {
        CountingKernel kernel = new CountingKernel(new FakeKernel(), null);
        RouteTable table = new RouteTable(kernel, OURS);
        int shape = table.ipv4Shape(TEMPLATES.get(0));
        Ipv4Changes changes = new Ipv4Changes();
        int n = RouteTable.CHUNK * 2 + 100;
        for (int i = 0; i < n; i++) {
            changes.put(address(i), 24, shape);
        }
        table.updateIpv4(changes);
        ApplyResult r = table.apply();
        assertEquals(n, r.routesReplaced());
        assertEquals(3, kernel.addCalls, "one exchange per chunk of " + RouteTable.CHUNK);
        assertEquals(n, kernel.inner.allRoutes().size());
        assertEquals(0, table.apply().writes(), "nothing left");
        table.markComplete();
        changes.clear();
        for (int i = 0; i < n; i++) {
            changes.remove(address(i), 24, shape);
        }
        table.updateIpv4(changes);
        ApplyResult del = table.apply();
        assertEquals(n, del.routesDeleted());
        assertTrue(kernel.inner.allRoutes().isEmpty());
    }

    @Test
    void theDefaultRouteWhoseKeyIsZeroIsWrittenAndDeletedAmongChunksOfOthers() throws Exception {
        // 0.0.0.0/0 in the first key class has the compact key 0, which the dirty set keeps outside
        // its slots: the pass must still reach it, after the slots, across chunk boundaries
        CountingKernel kernel = new CountingKernel(new FakeKernel(), null);
        RouteTable table = new RouteTable(kernel, OURS);
        int shape = table.ipv4Shape(TEMPLATES.get(0));
        Prefix any = Prefix.parse("0.0.0.0/0");
        Ipv4Changes changes = new Ipv4Changes();
        int n = RouteTable.CHUNK + 5;
        changes.put(0, 0, shape);
        for (int i = 0; i < n; i++) {
            changes.put(address(i), 24, shape);
        }
        table.updateIpv4(changes);
        ApplyResult r = table.apply();
        assertEquals(n + 1, r.routesReplaced());
        assertTrue(kernelState(kernel.inner).contains(at(TEMPLATES.get(0), any).toString()));
        assertFalse(table.hasWork());
        table.markComplete();
        changes.clear();
        changes.remove(0, 0, shape);
        table.updateIpv4(changes);
        assertEquals(1, table.apply().routesDeleted());
        assertEquals(n, kernel.inner.allRoutes().size());
        assertFalse(kernelState(kernel.inner).contains(at(TEMPLATES.get(0), any).toString()));
    }

    @Test
    void theTableIsNotLockedWhileAChunkIsInTheKernel() throws Exception {
        CountDownLatch inKernel = new CountDownLatch(1);
        CountDownLatch updated = new CountDownLatch(1);
        RouteTable[] holder = new RouteTable[1];
        CountingKernel kernel = new CountingKernel(new FakeKernel(), () -> {
            inKernel.countDown();
            try {
                assertTrue(updated.await(10, TimeUnit.SECONDS), "the owner's update got through during the write");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RouteTable table = new RouteTable(kernel, OURS);
        holder[0] = table;
        int shape = table.ipv4Shape(TEMPLATES.get(0));
        int other = table.ipv4Shape(TEMPLATES.get(1));
        Ipv4Changes first = new Ipv4Changes();
        first.put(address(1), 24, shape);
        table.updateIpv4(first);
        Thread owner = new Thread(() -> {
            try {
                inKernel.await();
                Ipv4Changes later = new Ipv4Changes();
                later.put(address(1), 24, other); // changed while the first version is being written
                later.put(address(2), 24, shape);
                holder[0].updateIpv4(later);
                updated.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        owner.start();
        ApplyResult r = table.apply();
        owner.join(10_000);
        assertFalse(owner.isAlive());
        assertEquals(1, r.routesReplaced(), "the pass wrote what it took at its start");
        assertTrue(table.hasWork(), "the changes made meanwhile wait for the next pass");
        table.apply();
        assertEquals(
                Set.of(
                        at(TEMPLATES.get(1), prefix(1, 24)).toString(),
                        at(TEMPLATES.get(0), prefix(2, 24)).toString()),
                kernelState(kernel.inner));
        assertEquals(0, table.apply().writes());
    }

    @Test
    void aResyncAdoptsMatchingRoutesAndFindsLostOnes() throws Exception {
        FakeKernel fake = new FakeKernel();
        RouteTable table = new RouteTable(fake, OURS);
        int shape = table.ipv4Shape(TEMPLATES.get(0));
        Ipv4Changes c = new Ipv4Changes();
        for (int i = 0; i < 50; i++) {
            c.put(address(i), 24, shape);
        }
        for (int i = 0; i < 10; i++) {
            fake.put(at(TEMPLATES.get(0), prefix(i, 24))); // already there: adopted, not rewritten
        }
        fake.put(at(TEMPLATES.get(1), prefix(99, 24))); // ours, not desired: kept until complete
        table.updateIpv4(c);
        ApplyResult first = table.apply();
        assertEquals(40, first.routesReplaced());
        assertEquals(1, first.pendingStale());
        fake.remove(at(TEMPLATES.get(0), prefix(3, 24)).key()); // by hand, unseen
        table.requestResync();
        table.markComplete();
        ApplyResult second = table.apply();
        assertTrue(second.resynced());
        assertEquals(1, second.routesReplaced(), "the lost route is back");
        assertEquals(1, second.routesDeleted(), "the stale one is gone");
        assertEquals(50, fake.allRoutes().size());
    }

    @Test
    void shapesAreOnlyIpv4AndIgnoreTheDestination() {
        RouteTable table = new RouteTable(new FakeKernel(), OURS);
        int a = table.ipv4Shape(at(TEMPLATES.get(0), prefix(1, 24)));
        int b = table.ipv4Shape(at(TEMPLATES.get(0), prefix(2, 26)));
        assertEquals(a, b);
        assertNotEquals(a, table.ipv4Shape(TEMPLATES.get(1)));
        assertEquals(OURS, table.ipv4ShapeRoute(a).protocol(), "stamped with the table's protocol");
        assertThrows(
                IllegalArgumentException.class,
                () -> table.ipv4Shape(
                        Route.builder("fd00::/64").gateway("fe80::1").build()));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Changes().put(0, 33, a));
    }

    /** Counts add calls and runs a hook inside the first one (the table's lock must be free then). */
    private static final class CountingKernel implements KernelRoutes {
        final FakeKernel inner;
        final Runnable duringFirstWrite;
        int addCalls;

        CountingKernel(FakeKernel inner, Runnable duringFirstWrite) {
            this.inner = inner;
            this.duringFirstWrite = duringFirstWrite;
        }

        @Override
        public List<Route> listRoutes(int protocol) throws NetlinkException {
            return inner.listRoutes(protocol);
        }

        @Override
        public int forEachRoute(int protocol, Consumer<? super Route> sink) throws NetlinkException {
            return inner.forEachRoute(protocol, sink);
        }

        @Override
        public List<Failure<Route>> addRoutes(List<Route> routes) throws NetlinkException {
            if (addCalls++ == 0 && duringFirstWrite != null) {
                duringFirstWrite.run();
            }
            return inner.addRoutes(routes);
        }

        @Override
        public List<Failure<Route>> replaceRoutes(List<Route> routes) throws NetlinkException {
            return inner.replaceRoutes(routes);
        }

        @Override
        public List<Route> routesAt(Collection<RouteKey> keys) throws NetlinkException {
            return inner.routesAt(keys);
        }

        @Override
        public List<Failure<Route>> deleteRoutes(List<Route> routes) throws NetlinkException {
            return inner.deleteRoutes(routes);
        }

        @Override
        public boolean supportsNexthopObjects() {
            return inner.supportsNexthopObjects();
        }

        @Override
        public List<NexthopObject> listNexthops(int protocol) throws NetlinkException {
            return inner.listNexthops(protocol);
        }

        @Override
        public List<Failure<NexthopObject>> replaceNexthops(List<NexthopObject> list) throws NetlinkException {
            return new ArrayList<>(inner.replaceNexthops(list));
        }

        @Override
        public List<Failure<Integer>> deleteNexthops(List<Integer> ids) throws NetlinkException {
            return inner.deleteNexthops(ids);
        }
    }
}
