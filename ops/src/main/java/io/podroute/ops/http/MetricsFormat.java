package io.podroute.ops.http;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Content negotiation for {@code /metrics}: OpenMetrics 1.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text} (Prometheus does, unless told otherwise), else the Prometheus
 * text format 0.0.4 (curl, older scrapers). Counters appear with their {@code _total} suffix in both;
 * OpenMetrics adds {@code _created} samples and the {@code # EOF} line.
 */
public final class MetricsFormat {
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();
    private static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private MetricsFormat() {}

    /** The writer for a request's {@code Accept} header (null or empty: text 0.0.4). */
    public static ExpositionFormatWriter forAccept(String accept) {
        return accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
    }

    /** {@code snapshots} rendered by {@code writer}. */
    public static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
