package io.podroute.agent.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Shorthands for the snapshots that collectors build at scrape time. Counter names are given without
 * {@code _total}: the exposition formats add it.
 */
final class Points {
    private Points() {}

    static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    /** A gauge point; {@code labels} as name, value, name, value... */
    static GaugeDataPointSnapshot g(double value, String... labels) {
        return GaugeDataPointSnapshot.builder()
                .value(value)
                .labels(Labels.of(labels))
                .build();
    }

    static CounterDataPointSnapshot c(double value, String... labels) {
        return CounterDataPointSnapshot.builder()
                .value(value)
                .labels(Labels.of(labels))
                .build();
    }

    static double bool(boolean b) {
        return b ? 1 : 0;
    }
}
