package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.ffi.Eventually;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.kernel.FakeKernel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's triggers against the fake kernel: kick, monitor event, overflow, retry after failure. */
class RouteTableLoopTest {
    private final FakeKernel kernel = new FakeKernel();
    private final RouteTable table = new RouteTable(kernel, 77);
    private final List<ApplyResult> passes = new CopyOnWriteArrayList<>();
    private final RouteTableLoop loop =
            new RouteTableLoop(table, Duration.ofHours(1), Duration.ofMillis(20), (r, took) -> passes.add(r));
    private final Route route =
            Route.builder("10.1.0.0/24").gateway("192.168.0.1").protocol(77).build();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void kickInstallsAndAMonitorEventRestores() throws Exception {
        table.setRoutes(List.of(route));
        loop.kick();
        Eventually.await("installed", () -> kernel.route(route.key()) != null);
        kernel.remove(route.key());
        loop.onRoute(route, true);
        Eventually.await("restored", () -> kernel.route(route.key()) != null);
        assertEquals(2, kernel.writes());
    }

    @Test
    void anOverflowForcesAResync() throws Exception {
        table.setRoutes(List.of(route));
        loop.kick();
        Eventually.await("first pass", () -> loop.passes() >= 1);
        int lists = kernel.lists();
        kernel.remove(route.key());
        loop.onOverflow();
        Eventually.await("restored after resync", () -> kernel.route(route.key()) != null);
        assertEquals(lists + 1, kernel.lists());
    }

    @Test
    void aRejectedRouteIsRetriedWithoutAnotherKick() throws Exception {
        kernel.failNextWrite(Prefix.parse("10.1.0.0/24"), Errno.ENETUNREACH);
        table.setRoutes(List.of(route));
        loop.kick();
        Eventually.await("retried and installed", () -> kernel.route(route.key()) != null);
        assertEquals(1, passes.get(0).routeFailures().size());
        assertNotNull(kernel.route(route.key()));
    }

    @Test
    void aFailedExchangeIsRetried() throws Exception {
        kernel.failNextCall(Errno.ENOBUFS);
        table.setRoutes(List.of(route));
        loop.kick();
        Eventually.await("installed after the retry", () -> kernel.route(route.key()) != null);
    }
}
