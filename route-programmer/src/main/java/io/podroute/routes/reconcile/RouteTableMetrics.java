package io.podroute.routes.reconcile;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * A route table's metrics, registered in the registry that the ops module serves. One instance per
 * registry; each table is a {@code table} label value, so several tables (namespaces) share it.
 *
 * <pre>
 *  podroute_route_table_passes_total{table}            passes completed
 *  podroute_route_table_failed_passes_total{table}     passes that failed as a whole
 *  podroute_route_table_resyncs_total{table}           passes that re-read the kernel
 *  podroute_route_table_writes_total{table,op}         route_replace, route_delete, nexthop_replace, nexthop_delete
 *  podroute_route_table_rejections_total{table,errno}  items the kernel rejected, by errno name
 *  podroute_route_table_stale_routes{table}            podroute routes kept until the desired set is complete
 *  podroute_route_table_conflicts{table}               desired routes left out: a foreign route podroute never held has the key
 *  podroute_route_table_pass_seconds{table}            pass duration
 *  podroute_route_table_last_pass_timestamp_seconds{table}  liveness: wall-clock time of the last pass
 * </pre>
 */
public final class RouteTableMetrics {
    private final Clock clock;
    private final Counter passes;
    private final Counter failedPasses;
    private final Counter resyncs;
    private final Counter writes;
    private final Counter rejections;
    private final Gauge stale;
    private final Gauge conflicts;
    private final Gauge lastPass;
    private final Histogram passSeconds;

    public RouteTableMetrics(PrometheusRegistry registry, Clock clock) {
        this.clock = clock;
        passes = Counter.builder()
                .name("podroute_route_table_passes")
                .help("Reconciliation passes completed")
                .labelNames("table")
                .register(registry);
        failedPasses = Counter.builder()
                .name("podroute_route_table_failed_passes")
                .help("Reconciliation passes that failed as a whole and will be retried after a resync")
                .labelNames("table")
                .register(registry);
        resyncs = Counter.builder()
                .name("podroute_route_table_resyncs")
                .help("Passes that re-read the kernel's routes")
                .labelNames("table")
                .register(registry);
        writes = Counter.builder()
                .name("podroute_route_table_writes")
                .help("Successful kernel writes by operation")
                .labelNames("table", "op")
                .register(registry);
        rejections = Counter.builder()
                .name("podroute_route_table_rejections")
                .help("Routes and nexthop objects the kernel rejected, by errno")
                .labelNames("table", "errno")
                .register(registry);
        stale = Gauge.builder()
                .name("podroute_route_table_stale_routes")
                .help("podroute routes not desired but kept until the desired set is complete")
                .labelNames("table")
                .register(registry);
        conflicts = Gauge.builder()
                .name("podroute_route_table_conflicts")
                .help("Desired routes not installed because a route of another protocol, which podroute never"
                        + " held, holds their key; retried on each resync")
                .labelNames("table")
                .register(registry);
        lastPass = Gauge.builder()
                .name("podroute_route_table_last_pass_timestamp_seconds")
                .help("Wall-clock time of the last completed pass (liveness)")
                .labelNames("table")
                .register(registry);
        passSeconds = Histogram.builder()
                .name("podroute_route_table_pass_seconds")
                .help("Duration of reconciliation passes")
                .labelNames("table")
                .classicUpperBounds(0.001, 0.01, 0.1, 0.5, 1, 5, 30)
                .register(registry);
    }

    /** A listener that records the passes of the table named {@code table}. */
    public PassListener forTable(String table) {
        return new PassListener() {
            @Override
            public void onPass(ApplyResult r, Duration took) {
                record(table, r, took);
            }

            @Override
            public void onPassFailed(Exception error) {
                failedPasses.labelValues(table).inc();
            }
        };
    }

    void record(String table, ApplyResult r, Duration took) {
        passes.labelValues(table).inc();
        if (r.resynced()) {
            resyncs.labelValues(table).inc();
        }
        writes.labelValues(table, "route_replace").inc(r.routesReplaced());
        writes.labelValues(table, "route_delete").inc(r.routesDeleted());
        writes.labelValues(table, "nexthop_replace").inc(r.nexthopsReplaced());
        writes.labelValues(table, "nexthop_delete").inc(r.nexthopsDeleted());
        r.routeFailures()
                .forEach(f ->
                        rejections.labelValues(table, f.error().errno().name()).inc());
        r.nexthopFailures()
                .forEach(f ->
                        rejections.labelValues(table, f.error().errno().name()).inc());
        r.nexthopDeleteFailures()
                .forEach(f ->
                        rejections.labelValues(table, f.error().errno().name()).inc());
        stale.labelValues(table).set(r.pendingStale());
        conflicts.labelValues(table).set(r.conflicts());
        passSeconds.labelValues(table).observe(took.toNanos() / 1e9);
        lastPass.labelValues(table).set(clock.millis() / 1000.0);
    }
}
