package io.podroute.ipip.userspace;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Inet4Address;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The userspace data plane's counters, read at scrape time from the tunnel (nothing is copied on
 * the packet path). A peer's series disappear with the peer, since they are produced from the
 * current peer set at each scrape. Register once per registry and data plane.
 *
 * <pre>
 *  podroute_ipip_packets_total{direction="tx|rx", peer="node IP|all"}
 *  podroute_ipip_bytes_total{direction, peer}                         inner-packet bytes
 *  podroute_ipip_drops_total{reason, peer}                            see DropReason
 * </pre>
 */
public final class UserspaceTunnelMetrics {
    private static final String ALL = "all";

    private UserspaceTunnelMetrics() {}

    public static void register(PrometheusRegistry registry, UserspaceTunnel tunnel) {
        register(registry, tunnel::totals, tunnel::peerCounters);
    }

    static void register(
            PrometheusRegistry registry,
            Supplier<TrafficCounters> totals,
            Supplier<Map<Inet4Address, TrafficCounters>> peers) {
        CounterWithCallback.builder()
                .name("podroute_ipip_packets")
                .help("Packets through the userspace IP-in-IP data plane (tx: encapsulated, rx: decapsulated)")
                .labelNames("direction", "peer")
                .callback(cb -> each(totals, peers, (peer, c) -> {
                    cb.call((double) c.txPackets(), "tx", peer);
                    cb.call((double) c.rxPackets(), "rx", peer);
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("podroute_ipip_bytes")
                .help("Inner-packet bytes through the userspace IP-in-IP data plane")
                .labelNames("direction", "peer")
                .callback(cb -> each(totals, peers, (peer, c) -> {
                    cb.call((double) c.txBytes(), "tx", peer);
                    cb.call((double) c.rxBytes(), "rx", peer);
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("podroute_ipip_drops")
                .help("Packets the userspace IP-in-IP data plane dropped, by reason")
                .labelNames("reason", "peer")
                .callback(cb -> each(totals, peers, (peer, c) -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call((double) c.drops(r), r.label(), peer);
                    }
                }))
                .register(registry);
    }

    private interface PerPeer {
        void accept(String peer, TrafficCounters counters);
    }

    private static void each(
            Supplier<TrafficCounters> totals, Supplier<Map<Inet4Address, TrafficCounters>> peers, PerPeer f) {
        f.accept(ALL, totals.get());
        peers.get().forEach((node, c) -> f.accept(node.getHostAddress(), c));
    }
}
