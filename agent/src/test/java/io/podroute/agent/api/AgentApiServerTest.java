package io.podroute.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent API over real HTTP on 127.0.0.1 with a {@link FakeAgentView}. */
class AgentApiServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final FakeAgentView view = new FakeAgentView();
    private final HttpClient http = HttpClient.newHttpClient();
    private AgentApiServer server;

    record Reply(int status, String contentType, JsonNode body, HttpResponse<String> raw) {}

    @BeforeEach
    void start() throws IOException {
        server = AgentApiServer.start(view, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Reply send(String method, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
        HttpRequest req = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(
                resp.statusCode(),
                resp.headers().firstValue("content-type").orElse(""),
                MAPPER.readTree(resp.body()),
                resp);
    }

    private Reply get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery);
    }

    @Test
    void status() throws Exception {
        Reply r = get("/api/v1/status");
        assertEquals(200, r.status());
        assertEquals("application/json; charset=utf-8", r.contentType());
        JsonNode s = r.body();
        assertEquals("node1", s.get("node").asText());
        assertEquals("192.168.1.11", s.get("nodeIp").asText());
        assertEquals(64512, s.get("asn").asLong());
        assertEquals("10.244.0.0/26", s.get("block").asText());
        assertEquals("CrossSubnet", s.get("ipipMode").asText());
        assertEquals("kernel", s.get("dataPlane").asText());
        assertEquals("file /var/lib/podroute/ipam.json", s.get("datastore").asText());
        assertTrue(s.get("datastoreReachable").asBoolean());
        assertEquals("2026-11-21T07:55:00Z", s.get("startedAt").asText());
        assertEquals(3, s.get("peers").size());
        assertEquals(
                "{\"address\":\"192.168.1.12\",\"type\":\"mesh\",\"node\":\"node2\",\"asn\":64512,"
                        + "\"state\":\"Established\",\"since\":\"2026-11-21T09:56:48Z\",\"received\":1,"
                        + "\"accepted\":1,\"installed\":1,\"lastError\":null}",
                s.get("peers").get(0).toString());
        JsonNode tor = s.get("peers").get(2);
        assertTrue(tor.get("node").isNull());
        assertTrue(tor.get("since").isNull());
        assertEquals(view.status(), ApiJson.read(s, StatusView.class));
    }

    @Test
    void routes() throws Exception {
        Reply r = get("/api/v1/routes");
        assertEquals(200, r.status());
        assertTrue(r.body().isArray());
        assertEquals(
                "{\"prefix\":\"10.244.2.0/26\",\"kind\":\"ipip\",\"nextHops\":[\"192.168.2.13\"],\"device\":\"tunl0\","
                        + "\"why\":\"block of node3 via mesh peer 192.168.2.13 (other subnet: IP-in-IP)\","
                        + "\"inKernel\":false}",
                r.body().get(2).toString());
        assertEquals("[]", r.body().get(0).get("nextHops").toString());
        assertTrue(r.body().get(0).get("device").isNull());
        assertEquals(view.routes(), ApiJson.readList(r.body(), RouteView.class));
    }

    @Test
    void explain() throws Exception {
        Reply r = get("/api/v1/routes/explain?prefix=" + URLEncoder.encode("10.244.1.0/26", StandardCharsets.UTF_8));
        assertEquals(200, r.status());
        assertEquals("10.244.1.0/26", view.lastExplained());
        assertEquals("10.244.1.0/26", r.body().get("prefix").asText());
        assertEquals("installed-direct", r.body().get("verdict").asText());
        assertEquals(
                "block of node2, reached directly over the underlay",
                r.body().get("summary").asText());
        assertEquals(3, r.body().get("details").size());
        assertEquals(view.explain("10.244.1.0/26"), ApiJson.read(r.body(), RouteExplanation.class));
    }

    @ParameterizedTest
    @CsvSource({"10.244.1.0/26,10.244.1.0/26", "fd00:10:0:0::/64,fd00:10::/64", "' 0.0.0.0/0 ',0.0.0.0/0"})
    void explainNormalisesThePrefix(String asked, String normalised) throws Exception {
        Reply r = get("/api/v1/routes/explain?prefix=" + URLEncoder.encode(asked, StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals(normalised, view.lastExplained());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.244.1.0|prefix: '10.244.1.0' has no prefix length (write e.g. 10.244.1.0/32)",
                "10.244.1.5/26|prefix: '10.244.1.5/26' has host bits set (did you mean 10.244.1.0/26?)",
                "10.244.1.0/33|prefix: '10.244.1.0/33': prefix length '33' is not in 0..32 (IPv4)",
                "fd00::/129|prefix: 'fd00::/129': prefix length '129' is not in 0..128 (IPv6)",
                "10.244.1.0/x|prefix: '10.244.1.0/x': prefix length 'x' is not in 0..32 (IPv4)",
                "10.244.1.0/|prefix: '10.244.1.0/': prefix length '' is not in 0..32 (IPv4)",
                "node2/26|prefix: 'node2/26': 'node2' is not an IPv4 or IPv6 address",
                "10.244.256.0/24|prefix: '10.244.256.0/24': '10.244.256.0' is not an IPv4 or IPv6 address",
            })
    void aMalformedPrefixIs400(String prefix, String message) throws Exception {
        Reply r = get("/api/v1/routes/explain?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertEquals(message, r.body().get("error").asText());
        assertNull(view.lastExplained());
    }

    @Test
    void aMissingPrefixIs400() throws Exception {
        Reply r = get("/api/v1/routes/explain");
        assertEquals(400, r.status());
        assertEquals(
                "missing query parameter prefix (e.g. /api/v1/routes/explain?prefix=10.244.1.0/26)",
                r.body().get("error").asText());
        Reply empty = get("/api/v1/routes/explain?prefix=");
        assertEquals(400, empty.status());
        assertEquals(
                "prefix: the prefix is empty (write e.g. 10.244.1.0/26)",
                empty.body().get("error").asText());
    }

    @Test
    void ipam() throws Exception {
        Reply r = get("/api/v1/ipam");
        assertEquals(200, r.status());
        JsonNode j = r.body();
        assertEquals("file /var/lib/podroute/ipam.json", j.get("datastore").asText());
        assertEquals(
                "[{\"cidr\":\"10.244.0.0/16\",\"blockSize\":26,\"blocks\":1024,\"allocated\":3}]",
                j.get("pools").toString());
        assertEquals(
                "{\"block\":\"10.244.0.0/26\",\"node\":\"node1\",\"nodeIp\":\"192.168.1.11\","
                        + "\"lastSeen\":\"2026-11-21T09:59:56Z\"}",
                j.get("blocks").get(0).toString());
        assertTrue(j.get("blocks").get(2).get("lastSeen").isNull());
        assertEquals(view.ipam(), ApiJson.read(j, IpamView.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/healthz/", "/api/v1", "/api/v1/status/", "/api/v2/status", "/api/v1/nodes"})
    void unknownPathsAre404(String path) throws Exception {
        Reply r = get(path);
        assertEquals(404, r.status());
        assertEquals(
                "no such endpoint " + path + " (try /api/v1/status, /api/v1/routes,"
                        + " /api/v1/routes/explain?prefix=P, /api/v1/ipam, /status, /healthz, /readyz)",
                r.body().get("error").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void onlyGetIsAllowed(String method) throws Exception {
        Reply r = send(method, "/api/v1/status");
        assertEquals(405, r.status());
        assertEquals("GET", r.raw().headers().firstValue("allow").orElse(""));
        assertEquals("the API is read-only: GET only", r.body().get("error").asText());
    }

    @Test
    void aFailingViewIs500WithItsMessage() throws Exception {
        view.failWith(new IllegalStateException("the speaker is not running yet"));
        for (String path : new String[] {"/api/v1/status", "/api/v1/routes", "/api/v1/ipam"}) {
            Reply r = get(path);
            assertEquals(500, r.status(), path);
            assertEquals("the speaker is not running yet", r.body().get("error").asText());
        }
        view.failWith(new UnsupportedOperationException());
        assertEquals(
                "UnsupportedOperationException",
                get("/api/v1/status").body().get("error").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "::", "2001:db8::1"})
    void refusesANonLoopbackAddress(String address) throws IOException {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(address), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentApiServer.start(view, a));
        assertEquals(
                "refusing to serve the agent API on " + a.getAddress().getHostAddress()
                        + ": it has no authentication, so it listens on a loopback address only (127.0.0.1 or ::1)",
                e.getMessage());
    }

    @Test
    void acceptsAnyAddressOf127Slash8() throws IOException {
        try (AgentApiServer other =
                AgentApiServer.start(view, new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            assertEquals("127.0.0.2", other.address().getAddress().getHostAddress());
        }
    }
}
