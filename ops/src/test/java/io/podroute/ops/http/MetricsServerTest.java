package io.podroute.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final HttpClient client = HttpClient.newHttpClient();
    private PrometheusRegistry registry;
    private MetricsServer server;

    @BeforeEach
    void start() {
        registry = new PrometheusRegistry();
        Counter.builder()
                .name("podroute_test_events")
                .help("events")
                .labelNames("kind")
                .register(registry)
                .labelValues("a")
                .inc(3);
        Gauge.builder()
                .name("podroute_test_level")
                .help("level")
                .register(registry)
                .set(7);
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void plainRequestGetsTextFormat() throws Exception {
        HttpResponse<String> r = get("/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().contains("# TYPE podroute_test_events_total counter"), r.body());
        assertTrue(r.body().contains("podroute_test_events_total{kind=\"a\"} 3.0"), r.body());
        assertTrue(r.body().contains("podroute_test_level 7.0"), r.body());
        assertFalse(r.body().contains("# EOF"));
    }

    @Test
    void prometheusAcceptHeaderGetsOpenMetrics() throws Exception {
        HttpResponse<String> r = get("/metrics", PROMETHEUS_ACCEPT);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers()
                .firstValue("Content-Type")
                .orElseThrow()
                .startsWith("application/openmetrics-text; version=1.0.0"));
        assertTrue(r.body().contains("# TYPE podroute_test_events counter"), r.body());
        assertTrue(r.body().contains("podroute_test_events_total{kind=\"a\"} 3.0"), r.body());
        assertTrue(r.body().endsWith("# EOF\n"), r.body());
    }

    @Test
    void explicitTextAcceptGetsText() throws Exception {
        HttpResponse<String> r = get("/metrics", "text/plain;version=0.0.4");
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    }

    @Test
    void aPortInUseFailsTheStart() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(
                Exception.class, () -> MetricsServer.start(server.address(), registry));
        assertTrue(e.toString().contains("Address already in use"), e.toString());
    }

    @Test
    void otherPathsAre404() throws Exception {
        assertEquals(404, get("/", null).statusCode());
        assertEquals(404, get("/metricsx", null).statusCode());
    }

    @Test
    void postIs405() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void failingCollectorIs500() throws Exception {
        MultiCollector failing = () -> {
            throw new IllegalStateException("boom");
        };
        registry.register(failing);
        HttpResponse<String> r = get("/metrics", null);
        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("boom"), r.body());
    }
}
