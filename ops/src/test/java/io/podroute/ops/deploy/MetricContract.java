package io.podroute.ops.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the dashboard and the alert rules may use: the agent's published series (issue 7,
 * docs/operations.md "Metrics"). A name here that the agent stops publishing, or a query using a
 * name not here, is a dashboard panel or an alert that silently shows or fires nothing; the tests
 * keep the two sides equal.
 */
final class MetricContract {
    /** Counters (with their {@code _total}), gauges and info series, as scraped. */
    static final Set<String> SERIES = Set.of(
            "podroute_bgp_session_established",
            "podroute_bgp_session_state",
            "podroute_bgp_session_uptime_seconds",
            "podroute_bgp_session_flaps_total",
            "podroute_bgp_last_notification",
            "podroute_bgp_messages_received_total",
            "podroute_bgp_messages_sent_total",
            "podroute_bgp_updates_received_total",
            "podroute_bgp_updates_sent_total",
            "podroute_bgp_prefixes_received",
            "podroute_bgp_prefixes_accepted",
            "podroute_bgp_prefixes_advertised",
            "podroute_bgp_loc_rib_prefixes",
            "podroute_kernel_routes",
            "podroute_kernel_route_drift",
            "podroute_route_table_passes_total",
            "podroute_route_table_failed_passes_total",
            "podroute_route_table_writes_total",
            "podroute_route_table_rejections_total",
            "podroute_route_table_resyncs_total",
            "podroute_ipam_pool_blocks",
            "podroute_ipam_pool_blocks_allocated",
            "podroute_datastore_up",
            "podroute_ipip_packets_total",
            "podroute_ipip_bytes_total",
            "podroute_ipip_drops_total",
            "podroute_build_info",
            "podroute_agent_start_time_seconds");

    /** Histograms: queried as {@code NAME_bucket}, {@code NAME_sum} and {@code NAME_count}. */
    static final Set<String> HISTOGRAMS = Set.of("podroute_route_programming_seconds");

    private static final Pattern NAME = Pattern.compile("podroute_[a-z0-9_]+");
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+)_(bucket|sum|count)");

    private MetricContract() {}

    /** Every podroute metric name in a PromQL expression. */
    static Set<String> namesIn(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(promql);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** Whether {@code name} is a series of the contract (a histogram only through its suffixes). */
    static boolean isKnown(String name) {
        if (SERIES.contains(name)) {
            return true;
        }
        Matcher h = HISTOGRAM_SERIES.matcher(name);
        return h.matches() && HISTOGRAMS.contains(h.group(1));
    }

    /** The contract metric {@code name} belongs to: itself, or the histogram of a suffixed series. */
    static String family(String name) {
        Matcher h = HISTOGRAM_SERIES.matcher(name);
        return h.matches() && HISTOGRAMS.contains(h.group(1)) ? h.group(1) : name;
    }
}
