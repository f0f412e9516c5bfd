package io.podroute.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.agent.cli.PodrouteCli;
import io.podroute.agent.config.AddressText;
import io.podroute.agent.config.BgpServeSetup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two {@code bgp serve} instances on loopback, no root: B listens on 127.0.0.1:PORT, A connects to it
 * from 127.0.0.2 (eBGP 65001 ↔ 65002, explicit accept-all policies so RFC 8212 lets routes through).
 * Each must learn the other's static route, visible through the HTTP API and the status/rib commands.
 * A third peer of A, never reachable, carries a TCP MD5 password that must never show in the status.
 */
class BgpServeLoopbackTest {
    private static final String PASSWORD = "tor-md5-Very-Secret";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private BgpServer a;
    private BgpServer b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
    }

    record Cli(int status, String out, String err) {}

    static Cli cli(String... args) {
        CommandLine cl = PodrouteCli.commandLine(new ByteArrayInputStream(new byte[0]));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Cli(status, out.toString(), err.toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static JsonNode get(BgpServer s, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + AddressText.format(s.apiAddress()) + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body = MAPPER.readTree(r.body());
        return MAPPER.createObjectNode().put("httpStatus", r.statusCode()).set("body", body);
    }

    static JsonNode await(BgpServer s, String path, Predicate<JsonNode> ok) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(s, path);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting on " + path + "; last answer " + last);
    }

    @Test
    void twoSpeakersLearnEachOthersRoutes() throws Exception {
        int bgpPort = freePort();
        Path key = write("c.key", PASSWORD + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String policies = "policies:\n  accept-all: { defaultAction: accept }\n";
        Path configB = write(
                "b.yaml",
                "asn: 65002\nrouterId: 10.0.0.2\nlisten: [\"127.0.0.1:" + bgpPort + "\"]\n"
                        + "localAddress: 127.0.0.1\napi: 127.0.0.1:0\n" + policies
                        + "peers:\n  - { address: 127.0.0.2, asn: 65001, passive: true,"
                        + " importPolicy: accept-all, exportPolicy: accept-all }\n"
                        + "announce:\n  - { prefix: 10.2.0.0/24, communities: [\"65002:7\"] }\n");
        Path configA = write(
                "a.yaml",
                "asn: 65001\nrouterId: 10.0.0.1\nlocalAddress: 127.0.0.2\napi: 127.0.0.1:0\n" + policies
                        + "peers:\n  - address: 127.0.0.1\n    port: " + bgpPort + "\n    asn: 65002\n"
                        + "    sourceAddress: 127.0.0.2\n    connectRetry: 1\n"
                        + "    importPolicy: accept-all\n    exportPolicy: accept-all\n"
                        + "  - { address: 127.0.0.3, asn: 65003, passive: true, passwordFile: c.key }\n"
                        + "announce:\n  - { prefix: 10.1.0.0/24, med: 5 }\n");

        assertEquals(
                0,
                cli("bgp", "serve", "--config", configA.toString(), "--check").status());
        b = BgpServer.start(BgpServeSetup.load(configB), Runnable::run, Clock.systemUTC());
        a = BgpServer.start(BgpServeSetup.load(configA), Runnable::run, Clock.systemUTC());
        String apiA = AddressText.format(a.apiAddress());
        String apiB = AddressText.format(b.apiAddress());

        assertEquals("ok", get(a, "/healthz").path("body").path("status").asText());

        JsonNode learnedByA =
                await(a, "/rib?prefix=10.2.0.0/24", j -> j.path("httpStatus").asInt() == 200);
        JsonNode routeA = learnedByA.path("body").path("routes").path(0);
        assertEquals("127.0.0.1", routeA.path("best").path("nextHop").asText());
        assertEquals("65002", routeA.path("best").path("asPath").asText());
        assertEquals("65002:7", routeA.path("best").path("communities").path(0).asText());
        assertEquals(
                "127.0.0.1", routeA.path("nextHops").path(0).path("nextHop").asText());
        assertEquals("best", routeA.path("candidates").path(0).path("reason").asText());

        JsonNode learnedByB =
                await(b, "/rib?prefix=10.1.0.0/24", j -> j.path("httpStatus").asInt() == 200);
        assertEquals(
                "127.0.0.2",
                learnedByB
                        .path("body")
                        .path("routes")
                        .path(0)
                        .path("best")
                        .path("nextHop")
                        .asText());
        assertEquals(
                "65001",
                learnedByB
                        .path("body")
                        .path("routes")
                        .path(0)
                        .path("best")
                        .path("asPath")
                        .asText());

        // Status through the API: counters once A has advertised its route and received B's.
        JsonNode status = await(
                a,
                "/status",
                j -> j.path("body")
                                .path("peers")
                                .path(0)
                                .path("prefixes")
                                .path("ipv4-unicast")
                                .path("advertised")
                                .asInt()
                        == 1);
        JsonNode peer = status.path("body").path("peers").path(0);
        assertEquals("Established", peer.path("state").asText());
        assertEquals(65002, peer.path("remoteAs").asLong());
        assertEquals(
                1, peer.path("prefixes").path("ipv4-unicast").path("accepted").asInt());
        assertEquals(
                "configured import policy accept-all", peer.path("importPolicy").asText());
        assertEquals(65001, status.path("body").path("speaker").path("asn").asLong());
        assertEquals(
                "Active",
                status.path("body").path("peers").path(1).path("state").asText(),
                status.toString());
        assertFalse(status.toString().contains(PASSWORD), "/status must never show the password");

        // The commands.
        Cli st = cli("bgp", "status", "--api", apiA);
        assertEquals(0, st.status(), st.err());
        assertTrue(st.out().startsWith("speaker AS 65001, router id 10.0.0.1, up "), st.out());
        assertTrue(st.out().contains("PEER       AS     STATE        UPTIME"), st.out());
        assertTrue(st.out().matches("(?s).*\n127\\.0\\.0\\.1  65002  Established  \\S+ +1 +1 +1\n.*"), st.out());
        assertTrue(st.out().contains("\n127.0.0.3  65003  Active       -"), st.out());
        assertFalse(st.out().contains(PASSWORD), st.out());
        Cli stJson = cli("bgp", "status", "--api", apiA, "--json");
        assertEquals(0, stJson.status(), stJson.err());
        assertEquals(
                "Established",
                MAPPER.readTree(stJson.out())
                        .path("peers")
                        .path(0)
                        .path("state")
                        .asText());
        assertFalse(stJson.out().contains(PASSWORD), stJson.out());

        Cli rib = cli("bgp", "rib", "--api", apiA);
        assertEquals(0, rib.status(), rib.err());
        assertTrue(rib.out().startsWith("PREFIX       NEXT HOP   AS PATH  FROM       REASON\n"), rib.out());
        assertTrue(rib.out().contains("\n10.1.0.0/24  (self)              local      only path\n"), rib.out());
        assertTrue(rib.out().contains("\n10.2.0.0/24  127.0.0.1  65002    127.0.0.1  only path\n"), rib.out());
        Cli own = cli("bgp", "rib", "10.2.0.0/24", "--api", apiB);
        assertEquals(0, own.status(), own.err());
        assertTrue(own.out().startsWith("10.2.0.0/24: next hop (self)\n"), own.out());
        Cli oneA = cli("bgp", "rib", "10.2.0.0/24", "--api", apiA);
        assertEquals(0, oneA.status(), oneA.err());
        assertTrue(oneA.out().startsWith("10.2.0.0/24: next hop 127.0.0.1\n"), oneA.out());
        assertTrue(oneA.out().contains("65002:7"), oneA.out());
        Cli ribJson = cli("bgp", "rib", "10.1.0.0/24", "--api", apiB, "--json");
        assertEquals(0, ribJson.status(), ribJson.err());
        assertEquals(
                5,
                MAPPER.readTree(ribJson.out())
                        .path("routes")
                        .path(0)
                        .path("best")
                        .path("med")
                        .asInt());

        // Stopping A sends Cease 6/2 with the shutdown communication; B records it.
        a.stop();
        JsonNode down = await(b, "/status", j -> j.path("body")
                .path("peers")
                .path(0)
                .path("lastNotificationReceived")
                .isObject());
        JsonNode n = down.path("body").path("peers").path(0).path("lastNotificationReceived");
        assertEquals(6, n.path("code").asInt());
        assertEquals(2, n.path("subcode").asInt());
        assertEquals(BgpServer.STOP_TEXT, n.path("communication").asText());
        Cli stB = cli("bgp", "status", "--api", apiB);
        assertTrue(
                stB.out()
                        .contains("127.0.0.2: last NOTIFICATION received 6/2 cease-administrative-shutdown"
                                + " \"podroute bgp serve stopping\""),
                stB.out());
    }

    @Test
    void aMissingApiIsAClearError() throws IOException {
        int port = freePort();
        Cli st = cli("bgp", "status", "--api", "127.0.0.1:" + port);
        assertEquals(1, st.status());
        assertEquals(
                "podroute bgp status: cannot reach the API (connection refused); is `podroute bgp serve` running?"
                        + " tried 127.0.0.1:" + port + "\n",
                st.err());
        Cli rib = cli("bgp", "rib", "--api", "127.0.0.1:" + port);
        assertEquals(1, rib.status());
        assertTrue(rib.err().startsWith("podroute bgp rib: cannot reach the API ("), rib.err());
    }

    @Test
    void unknownEndpointsAndBadPrefixesAreClientErrors() throws Exception {
        Path config = write(
                "s.yaml",
                "asn: 65001\nrouterId: 10.0.0.1\napi: 127.0.0.1:0\n" + "announce:\n  - { prefix: 10.1.0.0/24 }\n");
        a = BgpServer.start(BgpServeSetup.load(config), Runnable::run, Clock.systemUTC());
        assertEquals(404, get(a, "/nope").path("httpStatus").asInt());
        JsonNode bad = get(a, "/rib?prefix=10.1.0.0/33");
        assertEquals(400, bad.path("httpStatus").asInt());
        assertEquals(404, get(a, "/rib?prefix=10.9.0.0/24").path("httpStatus").asInt());
        JsonNode all = get(a, "/rib");
        assertEquals(1, all.path("body").path("prefixCount").asInt());
        assertEquals(
                "local",
                all.path("body")
                        .path("routes")
                        .path(0)
                        .path("best")
                        .path("from")
                        .asText());
        Cli rib = cli("bgp", "rib", "10.9.0.0/24", "--api", AddressText.format(a.apiAddress()));
        assertEquals(1, rib.status());
        assertEquals("podroute bgp rib: no route for 10.9.0.0/24\n", rib.err());
    }
}
