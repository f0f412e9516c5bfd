package io.podroute.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.Route;
import io.podroute.routes.reconcile.ApplyResult;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgrammingLatencyTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong passGeneration = new AtomicLong(-1);
    private final AtomicLong clock = new AtomicLong();
    private final ProgrammingLatency latency = new ProgrammingLatency(registry, passGeneration::get, clock::get);

    private static ApplyResult clean() {
        return new ApplyResult(false, 1, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), List.of());
    }

    private static ApplyResult withFailure() {
        Route r =
                Route.builder("10.244.1.0/26").gateway("10.0.0.2").protocol(77).build();
        return new ApplyResult(
                false,
                0,
                0,
                0,
                0,
                0,
                0,
                List.of(),
                List.of(new Failure<>(0, r, new NetlinkException(Errno.ENETUNREACH, "replace"))),
                List.of(),
                List.of());
    }

    private double count() {
        return Scrape.value(Scrape.text(registry), "podroute_route_programming_seconds_count");
    }

    @Test
    void aBatchIsObservedByTheFirstCleanPassThatCoversIt() {
        latency.changed(0, 5);
        latency.changed(1_000_000, 6);
        passGeneration.set(5);
        clock.set(3_000_000);
        latency.onPass(clean(), Duration.ZERO);
        assertEquals(1, count(), "generation 6 came after the pass started");
        String t = Scrape.text(registry);
        assertEquals(0, Scrape.value(t, "podroute_route_programming_seconds_bucket{le=\"0.0025\"}"));
        assertEquals(1, Scrape.value(t, "podroute_route_programming_seconds_bucket{le=\"0.005\"}"), "3 ms");

        passGeneration.set(6);
        latency.onPass(withFailure(), Duration.ZERO);
        assertEquals(1, count(), "a pass with rejections observes nothing");
        latency.onPass(clean(), Duration.ZERO);
        assertEquals(2, count());
        assertEquals(0, latency.pending());
    }

    @Test
    void pendingBatchesAreBounded() {
        for (int i = 0; i < ProgrammingLatency.MAX_PENDING + 10; i++) {
            latency.changed(i, i);
        }
        assertEquals(ProgrammingLatency.MAX_PENDING, latency.pending());
    }

    @Test
    void closeUnregisters() {
        latency.close();
        assertEquals(0, Scrape.samples(Scrape.text(registry)).size());
    }
}
