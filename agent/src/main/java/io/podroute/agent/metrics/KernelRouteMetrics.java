package io.podroute.agent.metrics;

import static io.podroute.agent.metrics.Points.g;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * podroute's routes as the kernel has them, counted from a netlink dump of the main table at each
 * scrape (not from the agent's memory, so it equals {@code ip route show proto 77} plus the IPv6
 * table), by kind; and the drift between the desired set and the kernel as of the last route table
 * pass. A failed dump leaves {@code podroute_kernel_routes} out of that scrape (logged) rather than
 * failing the whole scrape.
 *
 * <p>Thread-safe; the dump should use a netlink handle of its own, so that a scrape does not wait for
 * the route table's pass (or delay it).
 */
public final class KernelRouteMetrics implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(KernelRouteMetrics.class);

    /** How a kernel route is counted. */
    public enum Kind {
        DIRECT,
        IPIP,
        BLACKHOLE,
        ECMP;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The dump: hands podroute's routes in the main table, both families, to the sink one at a time
     * (a streaming netlink dump, so no list of the table is built at a scrape).
     */
    @FunctionalInterface
    public interface Dump {
        void forEach(Consumer<? super Route> sink) throws NetlinkException;
    }

    private final Dump dump;
    private final IntSupplier tunnelIfIndex;
    private final IntSupplier drift;
    private volatile boolean dumpFailing;

    /**
     * @param tunnelIfIndex the tunnel device's index, or 0 when there is no tunnel
     * @param drift the route table's drift ({@code RouteTable::driftCount})
     */
    public KernelRouteMetrics(Dump dump, IntSupplier tunnelIfIndex, IntSupplier drift) {
        this.dump = dump;
        this.tunnelIfIndex = tunnelIfIndex;
        this.drift = drift;
    }

    /** The kind of a route: blackhole, multipath (ecmp), through the tunnel (ipip), else direct. */
    public static Kind kind(Route r, int tunnelIfIndex) {
        if (r.type() == RouteType.BLACKHOLE) {
            return Kind.BLACKHOLE;
        }
        if (r.multipath() != null && r.multipath().size() > 1) {
            return Kind.ECMP;
        }
        if (tunnelIfIndex > 0 && r.ifIndex() == tunnelIfIndex) {
            return Kind.IPIP;
        }
        if (tunnelIfIndex > 0
                && r.multipath() != null
                && r.multipath().size() == 1
                && r.multipath().get(0).ifIndex() == tunnelIfIndex) {
            return Kind.IPIP;
        }
        return Kind.DIRECT;
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        Map<Kind, Integer> counts = count();
        if (counts != null) {
            GaugeSnapshot.Builder routes = Points.gauge(
                    "podroute_kernel_routes",
                    "podroute's routes in the kernel's main table (a dump per scrape), by kind");
            counts.forEach((k, n) -> routes.dataPoint(g(n, "kind", k.label())));
            out.metricSnapshot(routes.build());
        }
        out.metricSnapshot(Points.gauge(
                        "podroute_kernel_route_drift",
                        "Routes where the kernel and the desired set disagree after the last route table pass:"
                                + " rejected, held by a foreign route, or podroute routes not desired")
                .dataPoint(g(drift.getAsInt()))
                .build());
        return out.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("podroute_kernel_routes", "podroute_kernel_route_drift");
    }

    private Map<Kind, Integer> count() {
        int tunnel = tunnelIfIndex.getAsInt();
        // One counter cell per kind, so that counting a million routes allocates nothing per route.
        Map<Kind, int[]> cells = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            cells.put(k, new int[1]);
        }
        try {
            dump.forEach(r -> cells.get(kind(r, tunnel))[0]++);
        } catch (NetlinkException | RuntimeException e) {
            if (!dumpFailing) {
                LOG.warn(
                        "metrics: dumping podroute's kernel routes failed ({}); podroute_kernel_routes left out",
                        e.getMessage());
            }
            dumpFailing = true;
            return null;
        }
        dumpFailing = false;
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        cells.forEach((k, c) -> counts.put(k, c[0]));
        return counts;
    }
}
