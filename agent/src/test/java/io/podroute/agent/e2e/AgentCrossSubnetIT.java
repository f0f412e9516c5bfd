package io.podroute.agent.e2e;

import static io.podroute.agent.e2e.Lab.await;
import static io.podroute.agent.e2e.Lab.podroute;
import static io.podroute.agent.e2e.Lab.read;
import static io.podroute.agent.e2e.Lab.run;
import static io.podroute.agent.e2e.Lab.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent across an L3 boundary, mode CrossSubnet, on this kernel without {@code ipip} (so the
 * userspace data plane): n1 and n3 share rack A, n2 is in rack B behind a router that knows no pod
 * routes. n1 ↔ n3 must be direct routes, n1/n3 ↔ n2 IP-in-IP routes through {@code podtun0}; pods on
 * all three reach each other, and the router sees the pod traffic to n2 only as IP protocol 4.
 *
 * <pre>
 *  rack A (ns swa, br0): n1 192.168.81.11, n3 192.168.81.13 ─┐
 *                                                            rt (192.168.81.1 | 192.168.82.1)
 *  rack B (ns swb, br0): n2 192.168.82.12 ───────────────────┘
 * </pre>
 */
@Tag("integration")
class AgentCrossSubnetIT {
    private static final String P = "px" + ProcessHandle.current().pid() % 100_000 + "-";
    private static final String RT = P + "rt";

    @TempDir
    Path dir;

    @BeforeAll
    static void requirements() throws IOException {
        Lab.require(
                "AgentCrossSubnetIT",
                Lab.CNI.resolve("bridge"),
                Lab.CNI.resolve("host-local"),
                Path.of("/usr/sbin/nft"));
    }

    @Test
    void sameRackIsDirectOtherRackIsIpipAndAllPodsReachEachOther() throws Exception {
        List<Process> agents = new ArrayList<>();
        try {
            topology();
            Map<String, String> pods = new LinkedHashMap<>();
            for (int n = 1; n <= 3; n++) {
                writeConfig(n);
                agents.add(Lab.start(
                        dir.resolve("n" + n + ".log"),
                        podroute(
                                P + "n" + n,
                                "agent",
                                "--config",
                                dir.resolve("n" + n + ".yaml").toString())));
            }
            for (int n = 1; n <= 3; n++) {
                awaitMesh(n);
                pods.put(
                        P + "p" + n,
                        Lab.cniAdd(P + "n" + n, P + "p" + n, dir.resolve("n" + n + "/cni/10-podroute.conflist")));
            }
            String n1Routes = run("ip", "-n", P + "n1", "route", "show", "proto", "77");
            assertTrue(n1Routes.contains("via 192.168.81.13 dev eth0"), "n3 (same rack) direct:\n" + n1Routes);
            assertTrue(
                    n1Routes.contains("via 192.168.82.12 dev podtun0") && n1Routes.contains("onlink"),
                    "n2 (other rack) through the tunnel:\n" + n1Routes);
            String explain = run(podroute(P + "n1", "routes", "--explain", block(pods.get(P + "p2"))));
            assertTrue(explain.contains("installed-tunnel"), explain);

            Process capture = Lab.start(
                    dir.resolve("rt.pcap.txt"),
                    List.of(
                            "ip",
                            "netns",
                            "exec",
                            RT,
                            "timeout",
                            "8",
                            "tshark",
                            "-l",
                            "-n",
                            "-i",
                            "rt-b",
                            "-f",
                            "ip proto 4 or icmp",
                            "-T",
                            "fields",
                            "-e",
                            "ip.proto",
                            "-e",
                            "ip.src",
                            "-e",
                            "ip.dst"));
            Thread.sleep(2500); // tshark is slow to start capturing
            assertEquals(List.of(), Lab.unreachablePairs(pods), "pod pairs that cannot ping, of 6");
            assertTrue(capture.waitFor(20, TimeUnit.SECONDS));
            String wire = read(dir.resolve("rt.pcap.txt"));
            assertTrue(
                    wire.lines().anyMatch(l -> l.startsWith("4,1\t") || l.startsWith("4\t")),
                    "IP-in-IP on the router's link to rack B:\n" + wire);
            assertTrue(
                    wire.lines().noneMatch(l -> l.startsWith("1\t10.244.")),
                    "no bare pod ICMP on the router (it has no pod routes):\n" + wire);
        } finally {
            agents.forEach(Process::destroyForcibly);
            Lab.removeNamespaces(P);
        }
        assertEquals(List.of(), Lab.namespaces(P), "namespaces removed");
    }

    private static String block(String podIp) {
        String[] o = podIp.split("\\.", -1);
        return o[0] + "." + o[1] + "." + o[2] + "." + (Integer.parseInt(o[3]) & ~63) + "/26";
    }

    private void topology() {
        sh("ip", "netns", "add", RT);
        sh("ip", "-n", RT, "link", "set", "lo", "up");
        sh("ip", "netns", "exec", RT, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (String rack : List.of("a", "b")) {
            String sw = P + "sw" + rack;
            String subnet = rack.equals("a") ? "192.168.81" : "192.168.82";
            sh("ip", "netns", "add", sw);
            sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
            sh("ip", "-n", sw, "link", "set", "br0", "up");
            sh("ip", "-n", RT, "link", "add", "rt-" + rack, "type", "veth", "peer", "name", "uplink", "netns", sw);
            sh("ip", "-n", sw, "link", "set", "uplink", "master", "br0", "up");
            sh("ip", "-n", RT, "addr", "add", subnet + ".1/24", "dev", "rt-" + rack);
            sh("ip", "-n", RT, "link", "set", "rt-" + rack, "up");
        }
        for (int n = 1; n <= 3; n++) {
            String ns = P + "n" + n;
            String rack = n == 2 ? "b" : "a";
            String subnet = n == 2 ? "192.168.82" : "192.168.81";
            sh("ip", "netns", "add", ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
            sh(
                    "ip",
                    "-n",
                    P + "sw" + rack,
                    "link",
                    "add",
                    "e" + n,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "eth0",
                    "netns",
                    ns);
            sh("ip", "-n", P + "sw" + rack, "link", "set", "e" + n, "master", "br0", "up");
            sh("ip", "-n", ns, "addr", "add", subnet + "." + (10 + n) + "/24", "dev", "eth0");
            sh("ip", "-n", ns, "link", "set", "eth0", "up");
            sh("ip", "-n", ns, "route", "add", "default", "via", subnet + ".1");
        }
    }

    private void writeConfig(int n) throws IOException {
        String ip = (n == 2 ? "192.168.82." : "192.168.81.") + (10 + n);
        Path d = Files.createDirectories(dir.resolve("n" + n));
        String yaml = "node: { name: n" + n + ", ip: " + ip + " }\n"
                + "bgp: { asn: 64512 }\n"
                + "ipam: { pools: [ { cidr: 10.244.0.0/16, blockSize: 26 } ] }\n"
                + "datastore: { type: file, file: " + dir.resolve("ipam.json") + " }\n"
                + "ipip: { mode: CrossSubnet, dataPlane: auto }\n"
                + "cni: { confDir: " + d.resolve("cni") + ", ipamDataDir: " + d.resolve("host-local") + " }\n"
                + "metrics: { listen: off }\n";
        Files.writeString(dir.resolve("n" + n + ".yaml"), yaml, StandardCharsets.UTF_8);
    }

    private void awaitMesh(int n) throws InterruptedException {
        String ns = P + "n" + n;
        boolean up = await(
                60,
                () -> run(podroute(ns, "status")).split("Established", -1).length - 1 == 2
                        && run("ip", "-n", ns, "route", "show", "proto", "77")
                                        .lines()
                                        .count()
                                == 3);
        assertTrue(
                up,
                "n" + n + " meshed:\n" + run(podroute(ns, "status")) + "\n" + run("ip", "-n", ns, "route") + "\n"
                        + read(dir.resolve("n" + n + ".log")));
    }
}
