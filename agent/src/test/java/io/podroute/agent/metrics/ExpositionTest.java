package io.podroute.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.ops.http.MetricsFormat;
import io.podroute.routes.reconcile.ApplyResult;
import io.podroute.routes.reconcile.RouteTableMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every agent metric in one registry, as both formats render it: names follow the conventions. */
class ExpositionTest {
    private static final Pattern NAME = Pattern.compile("podroute_[a-z0-9_]+");

    private static PrometheusRegistry registry() {
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(new BgpMetrics(List::of, a -> "mesh", () -> new BgpMetrics.LocRib(0, 0)));
        r.register(new KernelRouteMetrics(sink -> {}, () -> 0, () -> 0));
        r.register(new BuildInfoMetrics("dev", "17", Instant.EPOCH));
        ProgrammingLatency latency = new ProgrammingLatency(r, () -> 0, System::nanoTime);
        PassListeners.both(new RouteTableMetrics(r, Clock.systemUTC()).forTable("main"), latency)
                .onPass(
                        new ApplyResult(true, 1, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), List.of()),
                        Duration.ofMillis(3));
        return r;
    }

    @Test
    void textFormatCountersEndInTotal() {
        String t = Scrape.text(registry());
        int counters = 0;
        for (String line : t.split("\n", -1)) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ", -1);
                assertTrue(NAME.matcher(f[2]).matches(), line);
                assertEquals(f[3].equals("counter"), f[2].endsWith("_total"), line);
                counters += f[3].equals("counter") ? 1 : 0;
            }
        }
        assertTrue(counters >= 3, t);
        assertTrue(t.contains("podroute_route_table_passes_total{table=\"main\"} 1.0"), t);
        assertTrue(t.contains("podroute_build_info{java_version=\"17\",version=\"dev\"} 1"), t);
        assertTrue(t.contains("podroute_route_programming_seconds_bucket{le=\"0.001\"}"), t);
        assertTrue(t.contains("podroute_route_programming_seconds_bucket{le=\"10.0\"}"), t);
    }

    @Test
    void openMetricsRendersTheSameSeries() {
        String om = new String(
                MetricsFormat.render(
                        MetricsFormat.forAccept("application/openmetrics-text; version=1.0.0"),
                        registry().scrape()),
                StandardCharsets.UTF_8);
        assertTrue(om.endsWith("# EOF\n"));
        assertTrue(om.contains("# TYPE podroute_route_table_passes counter"), om);
        assertTrue(om.contains("podroute_route_table_passes_total{table=\"main\"} 1.0"), om);
        assertTrue(om.contains("# TYPE podroute_build info"), om);
        assertTrue(om.contains("podroute_build_info{java_version=\"17\",version=\"dev\"} 1"), om);
    }
}
