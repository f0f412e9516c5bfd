package io.podroute.agent.e2e;

import static io.podroute.agent.e2e.Lab.await;
import static io.podroute.agent.e2e.Lab.podroute;
import static io.podroute.agent.e2e.Lab.read;
import static io.podroute.agent.e2e.Lab.run;
import static io.podroute.agent.e2e.Lab.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics and health of real agents (issue 7): two nodes in namespaces sharing a file datastore, IP-in-IP
 * mode Always (so n2's block is an {@code ipip} route); n1 also has a static peer that never answers. Scraped from inside n1's namespace, as Prometheus on the
 * node would: podroute_kernel_routes summed over the kinds equals {@code ip route show proto 77 | wc
 * -l} at every sample, while n2 comes up, is killed with SIGKILL and is released (its block withdrawn);
 * /readyz is 503 before the mesh session and after n2 is gone (the static peer is down), 200 when
 * converged; /healthz stays 200; n2's series disappear with its peer.
 *
 * <pre>
 *  ns sw: bridge br0 192.168.79.1/24 (the static peer address: nothing listens)
 *   ├─ ns n1 eth0 192.168.79.11 ── agent (metrics 0.0.0.0:9179, API 127.0.0.1:7179)
 *   └─ ns n2 eth0 192.168.79.12 ── agent
 * </pre>
 */
@Tag("integration")
class AgentMetricsIT {
    private static final String P = "px" + ProcessHandle.current().pid() % 100_000 + "-";
    private static final String N1 = P + "n1";
    private static final String N2_IP = "192.168.79.12";
    private static final String N2_SERIES = "peer=\"" + N2_IP + "\"";
    /** GET URL [ACCEPT]: prints the status, the Content-Type and the body, for any status. */
    private static final String FETCH = String.join(
            "\n",
            "import sys, urllib.request, urllib.error",
            "h = {'Accept': sys.argv[2]} if len(sys.argv) > 2 else {}",
            "try:",
            "    r = urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers=h), timeout=10)",
            "except urllib.error.HTTPError as e:",
            "    r = e",
            "print(r.getcode())",
            "print(r.headers.get('Content-Type'))",
            "sys.stdout.write(r.read().decode())");

    @TempDir
    Path dir;

    private final Map<Integer, Process> agents = new HashMap<>();
    private int stableSamples;

    record Reply(int status, String contentType, String body) {}

    @BeforeAll
    static void requirements() throws IOException {
        Lab.require("AgentMetricsIT", Path.of("/usr/sbin/nft"));
    }

    @Test
    void metricsAndHealthFollowTheMesh() throws Exception {
        try {
            topology();
            writeConfig(1, "  peers: [ { address: 192.168.79.1, asn: 65000 } ]\n");
            writeConfig(2, "");
            startAgent(1);
            assertTrue(await(60, () -> get(N1, "http://127.0.0.1:9179/metrics").status() == 200), log(1));
            aloneIsLiveButNotReady();
            sampleKernelRoutes(1);

            startAgent(2);
            boolean meshed = await(
                    60,
                    () -> metrics()
                                    .contains("podroute_bgp_session_established{" + N2_SERIES
                                            + ",peer_type=\"mesh\"} 1.0")
                            && kernelRoutes() == 2);
            assertTrue(meshed, metrics() + log(1) + log(2));
            convergedIsReady();
            sampleKernelRoutes(2);

            agents.get(2).destroyForcibly();
            assertTrue(agents.get(2).waitFor(30, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                sampleKernelRoutes(-1);
                Thread.sleep(200);
            }
            String out = run(
                    podroute(N1, "ipam", "release", "n2", "--config", config(1).toString()));
            assertTrue(out.contains("released the block of node n2"), out);
            boolean gone = await(40, () -> {
                sampleKernelRoutes(-1);
                return kernelRoutes() == 1 && !metrics().contains(N2_SERIES);
            });
            assertTrue(gone, "n2's route and series gone:\n" + metrics() + run("ip", "-n", N1, "route"));
            sampleKernelRoutes(1);
            assertTrue(stableSamples >= 10, "stable samples: " + stableSamples);
            aloneAgainIsNotReady();
        } finally {
            agents.values().forEach(Process::destroyForcibly);
            Lab.removeNamespaces(P);
        }
        assertEquals(List.of(), Lab.namespaces(P), "namespaces removed");
    }

    private void aloneIsLiveButNotReady() throws InterruptedException {
        assertTrue(await(20, () -> get(N1, "http://127.0.0.1:7179/healthz").status() == 200), log(1));
        Reply ready = get(N1, "http://127.0.0.1:7179/readyz");
        assertEquals(503, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"name\":\"bgp_sessions\",\"ok\":false"), ready.body());
        assertTrue(ready.body().contains("0 of 1 BGP sessions Established"), ready.body());
    }

    private void convergedIsReady() throws InterruptedException {
        assertTrue(
                await(30, () -> get(N1, "http://127.0.0.1:7179/readyz").status() == 200),
                get(N1, "http://127.0.0.1:7179/readyz").body());
        assertTrue(await(30, () -> get(P + "n2", "http://127.0.0.1:7179/readyz").status() == 200));
        Reply live = get(N1, "http://127.0.0.1:7179/healthz");
        assertEquals(200, live.status(), live.body());
        assertTrue(live.body().contains("\"name\":\"bgp_loop\",\"ok\":true"), live.body());
        Reply status = get(N1, "http://127.0.0.1:7179/status");
        assertEquals(200, status.status());
        assertTrue(status.body().contains(N2_IP), status.body());

        String text = metrics();
        assertTrue(text.contains("podroute_bgp_messages_received_total{" + N2_SERIES + "}"), text);
        assertTrue(text.contains("podroute_bgp_prefixes_accepted{family=\"ipv4\"," + N2_SERIES + "} 1.0"), text);
        assertTrue(text.contains("podroute_kernel_route_drift 0.0"), text);
        assertTrue(
                text.contains("podroute_kernel_routes{kind=\"ipip\"} 1.0"),
                "mode Always: n2's block tunnelled\n" + text);
        assertTrue(text.contains("podroute_kernel_routes{kind=\"blackhole\"} 1.0"), text);
        assertTrue(text.contains("podroute_ipip_packets_total{direction=\"tx\",peer=\"all\"}"), text);
        assertTrue(text.contains("podroute_datastore_up 1.0"), text);
        assertTrue(text.contains("podroute_ipam_pool_blocks_allocated{pool=\"10.244.0.0/16\"}"), text);
        assertTrue(text.contains("podroute_build_info{"), text);
        assertTrue(text.contains("podroute_route_table_passes_total{table=\"main\"}"), text);
        assertTrue(sample(text, "podroute_route_programming_seconds_count") >= 1, text);

        Reply om = get(N1, "http://127.0.0.1:9179/metrics", "application/openmetrics-text; version=1.0.0");
        assertTrue(om.contentType().startsWith("application/openmetrics-text"), om.contentType());
        assertTrue(om.body().endsWith("# EOF\n"));
        assertTrue(om.body().contains("# TYPE podroute_bgp_messages_received counter"), om.body());
    }

    private void aloneAgainIsNotReady() {
        Reply ready = get(N1, "http://127.0.0.1:7179/readyz");
        assertEquals(503, ready.status(), ready.body());
        assertEquals(200, get(N1, "http://127.0.0.1:7179/healthz").status());
        String text = metrics();
        assertFalse(text.contains(N2_SERIES), text);
        assertTrue(text.contains("peer=\"192.168.79.1\""), "the static peer stays:\n" + text);
    }

    /**
     * One sample: the kernel's count, a scrape, the kernel's count again; when both counts agree (no
     * change raced the scrape), the metric must equal them. {@code expected} >= 0 also pins the count.
     */
    private void sampleKernelRoutes(int expected) {
        int before = kernelRoutes();
        String text = metrics();
        int after = kernelRoutes();
        if (before != after) {
            return;
        }
        int metric = 0;
        for (String kind : List.of("direct", "ipip", "blackhole", "ecmp")) {
            metric += (int) sample(text, "podroute_kernel_routes{kind=\"" + kind + "\"}");
        }
        assertEquals(before, metric, "podroute_kernel_routes vs ip route show proto 77\n" + text);
        if (expected >= 0) {
            assertEquals(expected, metric, run("ip", "-n", N1, "route"));
        }
        stableSamples++;
    }

    private static double sample(String text, String series) {
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(-1);
    }

    private static int kernelRoutes() {
        return (int) run("ip", "-n", N1, "route", "show", "proto", "77").lines().count();
    }

    private String metrics() {
        return get(N1, "http://127.0.0.1:9179/metrics").body();
    }

    private static Reply get(String ns, String url, String... accept) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns, "python3", "-c", FETCH, url));
        cmd.addAll(List.of(accept));
        String out = run(cmd);
        if (out.startsWith("!exit")) {
            return new Reply(-1, "", out);
        }
        String[] parts = out.split("\n", 3);
        return new Reply(Integer.parseInt(parts[0].trim()), parts[1], parts.length > 2 ? parts[2] : "");
    }

    private void topology() {
        String sw = P + "sw";
        sh("ip", "netns", "add", sw);
        sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", sw, "addr", "add", "192.168.79.1/24", "dev", "br0");
        sh("ip", "-n", sw, "link", "set", "br0", "up");
        for (int n = 1; n <= 2; n++) {
            String ns = P + "n" + n;
            sh("ip", "netns", "add", ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
            sh("ip", "-n", sw, "link", "add", "e" + n, "type", "veth", "peer", "name", "eth0", "netns", ns);
            sh("ip", "-n", sw, "link", "set", "e" + n, "master", "br0", "up");
            sh("ip", "-n", ns, "addr", "add", "192.168.79.1" + n + "/24", "dev", "eth0");
            sh("ip", "-n", ns, "link", "set", "eth0", "up");
            sh("ip", "-n", ns, "route", "add", "default", "via", "192.168.79.1");
        }
    }

    private Path config(int n) {
        return dir.resolve("n" + n + ".yaml");
    }

    private void writeConfig(int n, String staticPeers) throws IOException {
        String yaml = "node: { name: n" + n + ", ip: 192.168.79.1" + n + " }\n"
                + "bgp:\n  asn: 64512\n  mesh: { holdTime: 9, gracefulRestart: { restartTime: 60 } }\n"
                + staticPeers
                + "ipam: { pools: [ { cidr: 10.244.0.0/16, blockSize: 26 } ] }\n"
                + "datastore: { type: file, file: " + dir.resolve("ipam.json") + " }\n"
                + "ipip: { mode: Always }\n"
                + "cni: { enabled: false }\n";
        Files.writeString(config(n), yaml, StandardCharsets.UTF_8);
    }

    private void startAgent(int n) throws IOException {
        agents.put(
                n,
                Lab.start(
                        dir.resolve("n" + n + ".log"),
                        podroute(P + "n" + n, "agent", "--config", config(n).toString())));
    }

    private String log(int n) {
        return "\n--- n" + n + " log:\n" + read(dir.resolve("n" + n + ".log"));
    }
}
