package io.podroute.ipip.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.routes.Addresses;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserspaceTunnelMetricsTest {
    @Test
    void totalsAndPerPeerSeriesAndPeersVanishWithThePeer() {
        TrafficCounters totals = new TrafficCounters();
        TrafficCounters peer = new TrafficCounters();
        Map<Inet4Address, TrafficCounters> peers = new HashMap<>();
        peers.put((Inet4Address) Addresses.inet("192.168.2.10"), peer);
        PrometheusRegistry registry = new PrometheusRegistry();
        UserspaceTunnelMetrics.register(registry, () -> totals, () -> Map.copyOf(peers));
        totals.sent(100);
        peer.sent(100);
        totals.dropped(DropReason.UNKNOWN_NODE);
        peer.dropped(DropReason.SPOOFED_INNER_SOURCE);
        String text = scrape(registry);
        assertTrue(text.contains("podroute_ipip_packets_total{direction=\"tx\",peer=\"all\"} 1.0"), text);
        assertTrue(text.contains("podroute_ipip_bytes_total{direction=\"tx\",peer=\"192.168.2.10\"} 100.0"), text);
        assertTrue(text.contains("podroute_ipip_drops_total{peer=\"all\",reason=\"unknown_node\"} 1.0"), text);
        assertTrue(
                text.contains("podroute_ipip_drops_total{peer=\"192.168.2.10\",reason=\"spoofed_inner_source\"} 1.0"),
                text);
        peers.clear();
        String after = scrape(registry);
        assertFalse(after.contains("192.168.2.10"), after);
        assertEquals(true, after.contains("peer=\"all\""));
    }

    /** One line per data point: {@code name_total{label="v",...} value} (labels sorted by name). */
    private static String scrape(PrometheusRegistry registry) {
        StringBuilder sb = new StringBuilder();
        for (MetricSnapshot s : registry.scrape()) {
            if (s instanceof CounterSnapshot c) {
                for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                    sb.append(c.getMetadata().getName()).append("_total{");
                    for (int i = 0; i < p.getLabels().size(); i++) {
                        sb.append(i == 0 ? "" : ",")
                                .append(p.getLabels().getName(i))
                                .append("=\"")
                                .append(p.getLabels().getValue(i))
                                .append('"');
                    }
                    sb.append("} ").append(p.getValue()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
