package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.ffi.Eventually;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.routes.Link;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@NetnsTest
class RouteMonitorIntegrationTest {
    private static final class Events implements RouteMonitor.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean overflow = new AtomicBoolean();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blockFirst;

        @Override
        public void onRoute(Route route, boolean deleted) {
            if (blockFirst) {
                blockFirst = false;
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add((deleted ? "del " : "new ") + route.dst() + " proto " + route.protocol());
        }

        @Override
        public void onNexthop(NexthopObject nexthop, boolean deleted) {
            seen.add((deleted ? "del nh " : "new nh ") + nexthop.id());
        }

        @Override
        public void onLink(Link link, boolean deleted) {
            seen.add((deleted ? "del link " : "new link ") + link.name());
        }

        @Override
        public void onOverflow() {
            overflow.set(true);
        }
    }

    @Test
    void reportsRouteNexthopAndLinkChanges(TestNetns ns) throws Exception {
        Events events = new Events();
        ns.closeLater(RouteMonitor.start(ns.name(), events));
        ns.veth("a0", "b0");
        ns.ip("addr", "add", "10.0.0.1/24", "dev", "a0");
        ns.ip("route", "add", "10.1.0.0/24", "via", "10.0.0.2", "proto", "77");
        ns.ip("nexthop", "add", "id", "4", "via", "10.0.0.3", "dev", "a0");
        ns.ip("route", "del", "10.1.0.0/24");
        ns.ip("-6", "route", "add", "blackhole", "fd09::/64", "proto", "77");
        Eventually.await("all events", () -> events.seen.contains("new fd09::/64 proto 77"));
        List<String> seen = events.seen;
        assertTrue(seen.contains("new link a0"), seen.toString());
        assertTrue(seen.contains("new 10.1.0.0/24 proto 77"), seen.toString());
        assertTrue(seen.contains("new nh 4"), seen.toString());
        assertTrue(seen.contains("del 10.1.0.0/24 proto 77"), seen.toString());
        assertTrue(seen.indexOf("new 10.1.0.0/24 proto 77") < seen.indexOf("del 10.1.0.0/24 proto 77"));
    }

    @Test
    void aSlowReaderGetsAnOverflowInsteadOfSilentLoss(TestNetns ns) throws Exception {
        Events events = new Events();
        events.blockFirst = true;
        ns.closeLater(RouteMonitor.start(ns.name(), events, 4096));
        ns.veth("a0", "b0");
        ns.ip("addr", "add", "10.0.0.1/24", "dev", "a0");
        List<Route> flood = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            flood.add(Route.builder(Prefix.of(new byte[] {10, 2, (byte) (i >> 8), (byte) i}, 32))
                    .gateway("10.0.0.2")
                    .protocol(77)
                    .build());
        }
        new RouteOps(ns.handle()).addAll(flood);
        events.release.countDown();
        Eventually.await("ENOBUFS reported", events.overflow::get);
    }
}
