package io.podroute.agent.metrics;

import io.podroute.ops.http.MetricsFormat;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Collectors rendered as a scrape would see them (text format 0.0.4). */
final class Scrape {
    private Scrape() {}

    static String text(MultiCollector... collectors) {
        PrometheusRegistry r = new PrometheusRegistry();
        for (MultiCollector c : collectors) {
            r.register(c);
        }
        return text(r);
    }

    static String text(PrometheusRegistry r) {
        return new String(MetricsFormat.render(MetricsFormat.forAccept(null), r.scrape()), StandardCharsets.UTF_8);
    }

    /** The sample lines (no comments). */
    static List<String> samples(String text) {
        return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    /** The value of the one sample line that starts with {@code series} followed by a space. */
    static double value(String text, String series) {
        List<String> hits =
                samples(text).stream().filter(l -> l.startsWith(series + " ")).toList();
        if (hits.size() != 1) {
            throw new AssertionError(hits.size() + " samples for " + series + " in\n" + text);
        }
        return Double.parseDouble(hits.get(0).substring(series.length() + 1));
    }
}
