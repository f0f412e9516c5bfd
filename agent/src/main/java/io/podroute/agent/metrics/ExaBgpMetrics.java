package io.podroute.agent.metrics;

import static io.podroute.agent.metrics.Points.c;

import io.podroute.bgp.exabgp.ExaBgpSpeaker;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The ExaBGP backend's own health ({@code bgp.speaker: exabgp}): restarts of the child process, output
 * lines that were not valid ExaBGP JSON (logged, counted, skipped) and API commands ExaBGP refused.
 * Read from the speaker at scrape time.
 */
public final class ExaBgpMetrics implements MultiCollector {
    private final ExaBgpSpeaker speaker;

    public ExaBgpMetrics(ExaBgpSpeaker speaker) {
        this.speaker = speaker;
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                Points.counter(
                                "podroute_exabgp_restarts",
                                "Times the ExaBGP child process was restarted after it ended")
                        .dataPoint(c((double) speaker.restarts()))
                        .build(),
                Points.counter(
                                "podroute_exabgp_malformed_lines",
                                "ExaBGP output lines that were not valid JSON events (logged and skipped)")
                        .dataPoint(c((double) speaker.malformedLines()))
                        .build(),
                Points.counter("podroute_exabgp_api_errors", "API commands ExaBGP answered with an error")
                        .dataPoint(c((double) speaker.apiErrors()))
                        .build());
    }
}
