package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.ffi.Eventually;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.kernel.FakeKernel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scrape-time views of a table: drift after each pass, generations, the loop's liveness. */
class RouteTableDriftTest {
    private static final int OURS = 77;
    private final FakeKernel kernel = new FakeKernel();
    private final RouteTable table = new RouteTable(kernel, OURS);

    private static Route route(String dst) {
        return Route.builder(dst).gateway("192.168.0.1").protocol(OURS).build();
    }

    @Test
    void noDriftOnceInstalled() throws Exception {
        assertEquals(0, table.driftCount(), "before the first pass");
        table.setRoutes(List.of(route("10.1.0.0/24"), route("10.1.1.0/24")));
        table.apply();
        assertEquals(0, table.driftCount());
    }

    @Test
    void staleRoutesKeptBeforeCompleteAreDriftUntilDeleted() throws Exception {
        kernel.put(route("10.1.0.0/24"));
        kernel.put(route("10.1.9.0/24"));
        table.setRoutes(List.of(route("10.1.0.0/24")));
        table.apply();
        assertEquals(1, table.driftCount(), "the adopted route nobody wants");
        table.markComplete();
        table.apply();
        assertEquals(0, table.driftCount());
    }

    @Test
    void aRejectedRouteIsDriftUntilItIsInstalled() throws Exception {
        kernel.failNextWrite(Prefix.parse("10.1.1.0/24"), Errno.ENETUNREACH);
        table.setRoutes(List.of(route("10.1.0.0/24"), route("10.1.1.0/24")));
        table.apply();
        assertEquals(1, table.driftCount());
        table.apply();
        assertEquals(0, table.driftCount());
    }

    @Test
    void aConflictWithAForeignRouteIsDrift() throws Exception {
        kernel.put(
                Route.builder("10.1.0.0/24").gateway("192.168.0.9").protocol(4).build());
        table.setRoutes(List.of(route("10.1.0.0/24"), route("10.1.1.0/24")));
        table.apply();
        assertEquals(1, table.driftCount());
    }

    @Test
    void aPassCoversEveryChangeMadeBeforeItStarted() throws Exception {
        assertEquals(-1, table.passGeneration());
        table.setRoutes(List.of(route("10.1.0.0/24")));
        long first = table.generation();
        table.updateRoutes(List.of(route("10.1.1.0/24")), List.of());
        long second = table.generation();
        assertTrue(second > first);
        table.apply();
        assertEquals(second, table.passGeneration());
        table.updateRoutes(List.of(), List.of(route("10.1.1.0/24").key()));
        assertTrue(table.generation() > table.passGeneration(), "not yet applied");
    }

    @Test
    void theLoopReportsItsLastPassAndWhetherItWasClean() throws Exception {
        try (RouteTableLoop loop =
                new RouteTableLoop(table, Duration.ofHours(1), Duration.ofMillis(20), (r, t) -> {})) {
            assertFalse(loop.lastPassClean(), "no pass yet");
            assertEquals(Duration.ofHours(1), loop.resyncInterval());
            kernel.failNextCall(Errno.ENOBUFS);
            table.setRoutes(List.of(route("10.1.0.0/24")));
            loop.kick();
            Eventually.await("retried until clean", loop::lastPassClean);
            assertTrue(loop.sinceLastPass().compareTo(Duration.ofSeconds(5)) < 0);
        }
    }
}
