package io.podroute.agent.metrics;

import static io.podroute.agent.metrics.Points.bool;
import static io.podroute.agent.metrics.Points.g;

import io.podroute.agent.api.IpamView;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPAM pool usage and datastore reachability. The pools are read from the datastore at most once per
 * {@link #MAX_AGE} (a scrape every 15 s must not read every block from etcd each time); a failed read
 * keeps the last good view. {@code podroute_datastore_up} comes from the agent's own view (heartbeat
 * and registry reads), which costs nothing.
 *
 * <p>Thread-safe: the cache is guarded by this object's monitor (scrapes are rare).
 */
public final class IpamMetrics implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(IpamMetrics.class);
    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Callable<IpamView> read;
    private final BooleanSupplier reachable;
    private final Clock clock;
    private IpamView cached;
    private Instant readAt = Instant.MIN;

    /**
     * @param read reads the pools from the datastore ({@code Ipam::ipamView})
     * @param reachable whether the datastore answered the agent's last request
     */
    public IpamMetrics(Callable<IpamView> read, BooleanSupplier reachable, Clock clock) {
        this.read = read;
        this.reachable = reachable;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        out.metricSnapshot(
                Points.gauge("podroute_datastore_up", "1 if the datastore answered the agent's last request, else 0")
                        .dataPoint(g(bool(reachable.getAsBoolean())))
                        .build());
        IpamView view = view();
        if (view != null) {
            GaugeSnapshot.Builder blocks =
                    Points.gauge("podroute_ipam_pool_blocks", "Blocks in the pool (pool size / block size)");
            GaugeSnapshot.Builder allocated =
                    Points.gauge("podroute_ipam_pool_blocks_allocated", "Blocks of the pool held by a node");
            for (IpamView.PoolUsage p : view.pools()) {
                blocks.dataPoint(g(p.blocks(), "pool", p.cidr()));
                allocated.dataPoint(g(p.allocated(), "pool", p.cidr()));
            }
            out.metricSnapshot(blocks.build());
            out.metricSnapshot(allocated.build());
        }
        return out.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("podroute_datastore_up", "podroute_ipam_pool_blocks", "podroute_ipam_pool_blocks_allocated");
    }

    private synchronized IpamView view() {
        Instant now = clock.instant();
        if (readAt.equals(Instant.MIN) || !now.isBefore(readAt.plus(MAX_AGE))) {
            readAt = now; // also after a failure: retried after MAX_AGE, not at every scrape
            try {
                cached = read.call();
            } catch (Exception e) {
                LOG.warn("metrics: reading the IPAM pools failed ({}); keeping the last values", e.getMessage());
            }
        }
        return cached;
    }
}
