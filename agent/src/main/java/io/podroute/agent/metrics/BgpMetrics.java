package io.podroute.agent.metrics;

import static io.podroute.agent.metrics.Points.bool;
import static io.podroute.agent.metrics.Points.c;
import static io.podroute.agent.metrics.Points.g;

import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.SessionStats;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.routes.Addresses;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The BGP speaker's metrics, read from the speaker at each scrape ({@code Speaker.peers()} and one
 * RIB query), so the series of a removed peer disappear with it and the {@code peer} label takes only
 * the configured peers' addresses. Names and labels: docs/operations.md.
 *
 * <p>Thread-safe: holds no state; the suppliers run on the scraping thread and wait for the
 * speaker's loop.
 */
public final class BgpMetrics implements MultiCollector {
    /** Loc-RIB prefixes per family. */
    public record LocRib(int ipv4, int ipv6) {}

    private final Supplier<List<PeerStatus>> peers;
    private final Function<InetAddress, String> peerType;
    private final Supplier<LocRib> locRib;

    /**
     * @param peerType "mesh" or "static" for a peer address
     */
    public BgpMetrics(
            Supplier<List<PeerStatus>> peers, Function<InetAddress, String> peerType, Supplier<LocRib> locRib) {
        this.peers = peers;
        this.peerType = peerType;
        this.locRib = locRib;
    }

    @Override
    public MetricSnapshots collect() {
        List<PeerStatus> all = peers.get();
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        sessions(all, out);
        traffic(all, out);
        prefixes(all, out);
        LocRib rib = locRib.get();
        out.metricSnapshot(Points.gauge("podroute_bgp_loc_rib_prefixes", "Prefixes with a best path in the Loc-RIB")
                .dataPoint(g(rib.ipv4(), "family", "ipv4"))
                .dataPoint(g(rib.ipv6(), "family", "ipv6"))
                .build());
        return out.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(
                "podroute_bgp_session_established",
                "podroute_bgp_session_state",
                "podroute_bgp_session_uptime_seconds",
                "podroute_bgp_session_flaps",
                "podroute_bgp_last_notification",
                "podroute_bgp_messages_received",
                "podroute_bgp_messages_sent",
                "podroute_bgp_updates_received",
                "podroute_bgp_updates_sent",
                "podroute_bgp_prefixes_received",
                "podroute_bgp_prefixes_accepted",
                "podroute_bgp_prefixes_advertised",
                "podroute_bgp_loc_rib_prefixes");
    }

    private void sessions(List<PeerStatus> all, MetricSnapshots.Builder out) {
        GaugeSnapshot.Builder established =
                Points.gauge("podroute_bgp_session_established", "1 if the BGP session is Established, else 0");
        GaugeSnapshot.Builder state =
                Points.gauge("podroute_bgp_session_state", "The session's FSM state: 1 for the current state");
        GaugeSnapshot.Builder uptime = Points.gauge(
                "podroute_bgp_session_uptime_seconds", "Seconds since the session became Established (0 if not)");
        GaugeSnapshot.Builder notification = Points.gauge(
                "podroute_bgp_last_notification", "The last NOTIFICATION sent and received (1, per direction)");
        for (PeerStatus p : all) {
            String peer = Addresses.format(p.address());
            boolean up = p.state() == SessionState.ESTABLISHED;
            established.dataPoint(g(bool(up), "peer", peer, "peer_type", peerType.apply(p.address())));
            for (SessionState s : SessionState.values()) {
                state.dataPoint(g(bool(s == p.state()), "peer", peer, "state", s.label()));
            }
            SessionStats st = p.stats();
            double seconds =
                    up && st != null && st.uptime() != null ? st.uptime().toMillis() / 1000.0 : 0;
            uptime.dataPoint(g(seconds, "peer", peer));
            if (st != null) {
                notification(notification, peer, "sent", st.lastNotificationSent());
                notification(notification, peer, "received", st.lastNotificationReceived());
            }
        }
        out.metricSnapshot(established.build());
        out.metricSnapshot(state.build());
        out.metricSnapshot(uptime.build());
        out.metricSnapshot(notification.build());
    }

    private static void notification(GaugeSnapshot.Builder b, String peer, String direction, NotificationMessage n) {
        if (n != null) {
            b.dataPoint(g(
                    1,
                    "peer",
                    peer,
                    "direction",
                    direction,
                    "code",
                    Integer.toString(n.code()),
                    "subcode",
                    Integer.toString(n.subcode())));
        }
    }

    private static void traffic(List<PeerStatus> all, MetricSnapshots.Builder out) {
        CounterSnapshot.Builder flaps =
                Points.counter("podroute_bgp_session_flaps", "Times an Established session went down");
        CounterSnapshot.Builder msgIn = Points.counter("podroute_bgp_messages_received", "BGP messages received");
        CounterSnapshot.Builder msgOut = Points.counter("podroute_bgp_messages_sent", "BGP messages sent");
        CounterSnapshot.Builder updIn = Points.counter("podroute_bgp_updates_received", "UPDATE messages received");
        CounterSnapshot.Builder updOut = Points.counter("podroute_bgp_updates_sent", "UPDATE messages sent");
        for (PeerStatus p : all) {
            String peer = Addresses.format(p.address());
            SessionStats st = p.stats();
            flaps.dataPoint(c(st == null ? 0 : (double) st.flaps(), "peer", peer));
            msgIn.dataPoint(c(st == null ? 0 : (double) st.messagesIn(), "peer", peer));
            msgOut.dataPoint(c(st == null ? 0 : (double) st.messagesOut(), "peer", peer));
            updIn.dataPoint(c(st == null ? 0 : (double) st.updatesIn(), "peer", peer));
            updOut.dataPoint(c(st == null ? 0 : (double) st.updatesOut(), "peer", peer));
        }
        out.metricSnapshot(flaps.build());
        out.metricSnapshot(msgIn.build());
        out.metricSnapshot(msgOut.build());
        out.metricSnapshot(updIn.build());
        out.metricSnapshot(updOut.build());
    }

    private static void prefixes(List<PeerStatus> all, MetricSnapshots.Builder out) {
        GaugeSnapshot.Builder received = Points.gauge(
                "podroute_bgp_prefixes_received",
                "Prefixes the peer announces now (announced minus withdrawn, at least the accepted)");
        GaugeSnapshot.Builder accepted = Points.gauge(
                "podroute_bgp_prefixes_accepted", "The peer's prefixes in its Adj-RIB-In after import policy");
        GaugeSnapshot.Builder advertised =
                Points.gauge("podroute_bgp_prefixes_advertised", "Prefixes advertised to the peer");
        for (PeerStatus p : all) {
            String peer = Addresses.format(p.address());
            PeerCounters r = p.routes();
            int acc4 = r == null ? 0 : r.acceptedV4();
            int acc6 = r == null ? 0 : r.acceptedV6();
            received.dataPoint(
                    g(r == null ? 0 : (double) Math.max(r.announcedV4() - r.withdrawnV4(), acc4), fam(peer, "ipv4")));
            received.dataPoint(
                    g(r == null ? 0 : (double) Math.max(r.announcedV6() - r.withdrawnV6(), acc6), fam(peer, "ipv6")));
            accepted.dataPoint(g(acc4, fam(peer, "ipv4")));
            accepted.dataPoint(g(acc6, fam(peer, "ipv6")));
            advertised.dataPoint(g(p.advertisedIpv4(), fam(peer, "ipv4")));
            advertised.dataPoint(g(p.advertisedIpv6(), fam(peer, "ipv6")));
        }
        out.metricSnapshot(received.build());
        out.metricSnapshot(accepted.build());
        out.metricSnapshot(advertised.build());
    }

    private static String[] fam(String peer, String family) {
        return new String[] {"peer", peer, "family", family};
    }
}
