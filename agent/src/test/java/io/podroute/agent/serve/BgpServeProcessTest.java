package io.podroute.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.agent.cli.PodrouteCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podroute bgp serve} as a real process: SIGTERM stops it cleanly with exit status 0. */
class BgpServeProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsCleanlyWithExitStatus0() throws Exception {
        int apiPort = BgpServeLoopbackTest.freePort();
        Path config = dir.resolve("serve.yaml");
        Files.writeString(
                config,
                "asn: 65001\nrouterId: 10.0.0.1\napi: 127.0.0.1:" + apiPort + "\n"
                        + "announce:\n  - { prefix: 10.1.0.0/24 }\n",
                StandardCharsets.UTF_8);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dir.resolve("stderr.log");
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PodrouteCli.class.getName(),
                        "bgp",
                        "serve",
                        "--config",
                        config.toString()))
                .redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitHealthy(apiPort, p);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bgp serve did not stop on SIGTERM");
            String stderr = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stderr);
            assertTrue(stderr.contains("bgp serve: stopped"), stderr);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void awaitHealthy(int port, Process p) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the API is not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("bgp serve did not become healthy (alive: " + p.isAlive() + ")");
    }
}
