package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.netlink.error.Errno;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.kernel.FakeKernel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000), ZoneOffset.UTC);
    private final PassListener metrics = new RouteTableMetrics(registry, clock).forTable("main");

    private double counter(String name, String... labels) {
        for (MetricSnapshot s : registry.scrape()) {
            if (s instanceof CounterSnapshot c && c.getMetadata().getName().equals(name)) {
                for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                    if (p.getLabels().equals(Labels.of(labels))) {
                        return p.getValue();
                    }
                }
            }
        }
        return 0;
    }

    private double gauge(String name) {
        MetricSnapshots all = registry.scrape();
        for (MetricSnapshot s : all) {
            if (s instanceof GaugeSnapshot g && g.getMetadata().getName().equals(name)) {
                return g.getDataPoints().get(0).getValue();
            }
        }
        return Double.NaN;
    }

    @Test
    void countsConflictsWithForeignRoutesAsAGauge() throws Exception {
        FakeKernel kernel = new FakeKernel();
        kernel.put(
                Route.builder("10.1.1.0/24").gateway("192.168.0.9").protocol(4).build());
        RouteTable table = new RouteTable(kernel, 77);
        table.setRoutes(List.of(
                Route.builder("10.1.0.0/24").gateway("192.168.0.1").build(),
                Route.builder("10.1.1.0/24").gateway("192.168.0.1").build()));
        metrics.onPass(table.apply(), Duration.ofMillis(1));
        assertEquals(1, gauge("podroute_route_table_conflicts"));
        assertEquals(0, counter("podroute_route_table_rejections", "errno", "EEXIST", "table", "main"));
        kernel.remove(Route.builder("10.1.1.0/24").protocol(4).build().key());
        table.requestResync();
        metrics.onPass(table.apply(), Duration.ofMillis(1));
        assertEquals(0, gauge("podroute_route_table_conflicts"));
    }

    @Test
    void recordsWritesRejectionsResyncsAndLiveness() throws Exception {
        FakeKernel kernel = new FakeKernel().failNextWrite(Prefix.parse("10.1.1.0/24"), Errno.ENETUNREACH);
        RouteTable table = new RouteTable(kernel, 77);
        table.setRoutes(List.of(
                Route.builder("10.1.0.0/24").gateway("192.168.0.1").build(),
                Route.builder("10.1.1.0/24").gateway("192.168.0.1").build()));
        metrics.onPass(table.apply(), Duration.ofMillis(3));
        metrics.onPass(table.apply(), Duration.ofMillis(1));
        metrics.onPassFailed(new IllegalStateException("test"));

        assertEquals(2, counter("podroute_route_table_passes", "table", "main"));
        assertEquals(1, counter("podroute_route_table_failed_passes", "table", "main"));
        assertEquals(2, counter("podroute_route_table_resyncs", "table", "main"));
        assertEquals(2, counter("podroute_route_table_writes", "op", "route_replace", "table", "main"));
        assertEquals(1, counter("podroute_route_table_rejections", "errno", "ENETUNREACH", "table", "main"));
        assertEquals(1_800_000_000, gauge("podroute_route_table_last_pass_timestamp_seconds"));
        assertEquals(0, gauge("podroute_route_table_stale_routes"));
    }
}
