package io.podroute.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.ops.health.Health;
import io.podroute.ops.health.HealthCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /healthz}, {@code /readyz} and {@code /status} on the local API. */
class AgentApiHealthTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean sessions = new AtomicBoolean();
    private AgentApiServer server;

    @BeforeEach
    void start() {
        Health health = new Health(
                List.of(HealthCheck.of("bgp_loop", () -> HealthCheck.Result.ok("answered in 0 ms"))),
                List.of(HealthCheck.of(
                        "bgp_sessions",
                        () -> sessions.get()
                                ? HealthCheck.Result.ok("1 of 1 BGP sessions Established")
                                : HealthCheck.Result.fail("0 of 1 BGP sessions Established"))));
        server = AgentApiServer.start(
                new FakeAgentView(), health, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.address().getPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzIsLiveness() throws Exception {
        HttpResponse<String> r = get("/healthz");
        assertEquals(200, r.statusCode());
        JsonNode j = MAPPER.readTree(r.body());
        assertEquals("ok", j.get("status").asText());
        assertEquals("bgp_loop", j.get("checks").get(0).get("name").asText());
    }

    @Test
    void readyzIs503UntilASessionIsUp() throws Exception {
        HttpResponse<String> r = get("/readyz");
        assertEquals(503, r.statusCode());
        JsonNode j = MAPPER.readTree(r.body());
        assertEquals("failing", j.get("status").asText());
        assertEquals(
                "0 of 1 BGP sessions Established",
                j.get("checks").get(0).get("detail").asText());
        sessions.set(true);
        assertEquals(200, get("/readyz").statusCode());
    }

    @Test
    void statusIsTheApiStatus() throws Exception {
        assertEquals(
                MAPPER.readTree(get("/api/v1/status").body()),
                MAPPER.readTree(get("/status").body()));
        assertEquals(200, get("/status").statusCode());
    }
}
