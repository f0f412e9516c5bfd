package io.podroute.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.config.AgentSetup.Cni.Plugin;
import io.podroute.agent.config.AgentSetup.Pool;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.routes.Prefix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * natOutgoing on a simulated node: a pod made by the bridge plugin, and an "outside" namespace behind
 * a veth that stands for both the world (192.0.2.2) and another node's pool (10.250.0.9 on its
 * loopback). A UDP listener in outside reports the source address each probe arrives with.
 */
@NetnsTest
class NatOutgoingIntegrationTest {
    private static final String NODE_IP = "192.0.2.1";
    private static final String WORLD = "192.0.2.2";
    private static final String OTHER_POOL_HOST = "10.250.0.9";
    private static final Prefix BLOCK = Prefix.parse("10.244.0.0/26");
    private static final List<Pool> POOLS = List.of(
            new Pool(Prefix.parse("10.244.0.0/16"), 26, true), new Pool(Prefix.parse("10.250.0.0/16"), 26, false));
    private static final List<Pool> NO_NAT = List.of(
            new Pool(Prefix.parse("10.244.0.0/16"), 26, false), new Pool(Prefix.parse("10.250.0.0/16"), 26, false));
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void masqueradesToTheWorldButNeverBetweenPools(TestNetns node, @TempDir Path tmp) throws Exception {
        TestNetns pod = node.closeLater(TestNetns.create());
        TestNetns outside = node.closeLater(TestNetns.create());
        String podIp = makePod(node, pod, tmp);
        wire(node, outside);
        Nft nft = Nft.system().inNetns(node.name());
        nft.run("add table ip other\nadd chain ip other c { type filter hook forward priority 0; }\n", "-f", "-");
        NatOutgoing nat = new NatOutgoing(nft);

        assertEquals(podIp, sourceSeen(pod, outside, WORLD), "no table yet: no NAT");
        assertTrue(nat.apply(POOLS));
        assertFalse(nat.apply(POOLS), "same pools again: nothing to do");
        assertEquals(Optional.of(NatRuleset.of(POOLS)), nat.current());
        assertEquals(NODE_IP, sourceSeen(pod, outside, WORLD), "to the world: behind the node IP");
        assertEquals(podIp, sourceSeen(pod, outside, OTHER_POOL_HOST), "to another pool: the pod's own address");
        Cmd.check("ip", "netns", "exec", pod.name(), "ping", "-c1", "-W2", WORLD);
        assertTrue(counter(nft) >= 2, "the masquerade rule counted the probe and the ping");

        nft.run("flush chain ip podroute postrouting\n", "-f", "-");
        assertEquals(Optional.empty(), nat.current(), "a tampered table is not ours as written");
        assertTrue(nat.apply(POOLS), "apply repairs it");
        assertEquals(NODE_IP, sourceSeen(pod, outside, WORLD));

        assertTrue(nat.apply(NO_NAT), "natOutgoing off everywhere: table removed");
        assertFalse(nft.run("", "list", "tables").contains("podroute"));
        assertEquals(podIp, sourceSeen(pod, outside, WORLD));
        assertFalse(nat.remove(), "nothing left to remove");
        assertTrue(nft.run("", "list", "tables").contains("table ip other"), "foreign table untouched");
    }

    @Test
    void removeDeletesTheTable(TestNetns node) throws Exception {
        NatOutgoing nat = new NatOutgoing(Nft.system().inNetns(node.name()));
        assertFalse(nat.remove());
        assertTrue(nat.apply(POOLS));
        assertTrue(nat.remove());
        assertEquals(Optional.empty(), nat.current());
    }

    /** A pod in the block through the real bridge plugin; returns its address. */
    private static String makePod(TestNetns node, TestNetns pod, Path tmp) throws IOException {
        AgentSetup.Cni cni = CniConfigWriterTest.cni(tmp.resolve("net.d"), Plugin.BRIDGE, tmp.resolve("ipam"));
        CniConfigWriter.write(cni, BLOCK, 1500);
        CniRuntime runtime =
                new CniRuntime(node.name(), Files.readString(CniConfigWriter.path(cni), StandardCharsets.UTF_8));
        String address = runtime.add("nat1", pod.name()).at("/ips/0/address").asText();
        return address.substring(0, address.indexOf('/'));
    }

    /** node up0 192.0.2.1/24 — outside eth1 192.0.2.2/24; the other pool is behind outside. */
    private static void wire(TestNetns node, TestNetns outside) {
        node.ip("link", "add", "up0", "type", "veth", "peer", "name", "eth1", "netns", outside.name());
        node.ip("addr", "add", NODE_IP + "/24", "dev", "up0");
        node.ip("link", "set", "up0", "up");
        node.ip("route", "add", "10.250.0.0/16", "via", WORLD);
        Cmd.check("ip", "netns", "exec", node.name(), "sysctl", "-qw", "net.ipv4.ip_forward=1");
        outside.ip("addr", "add", WORLD + "/24", "dev", "eth1");
        outside.ip("link", "set", "eth1", "up");
        outside.ip("addr", "add", OTHER_POOL_HOST + "/32", "dev", "lo");
        outside.ip("route", "add", BLOCK.toString(), "via", NODE_IP);
    }

    /** Sends one UDP datagram from the pod to {@code dst}:9999; returns the source outside saw. */
    private static String sourceSeen(TestNetns pod, TestNetns outside, String dst) throws Exception {
        Process listener = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        outside.name(),
                        PYTHON,
                        "-c",
                        "import socket\n"
                                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                                + "s.bind(('0.0.0.0', 9999))\n"
                                + "print('ready', flush=True)\n"
                                + "s.settimeout(10)\n"
                                + "print(s.recvfrom(64)[1][0], flush=True)\n")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine(), "listener in outside started");
            String send = "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('" + dst
                    + "', 9999))\n";
            Cmd.check(List.of("ip", "netns", "exec", pod.name(), PYTHON, "-c", send), "", Map.of());
            String source = out.readLine();
            assertNotNull(source, "outside never received the probe to " + dst);
            return source;
        } finally {
            listener.destroy();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static long counter(Nft nft) throws NftException {
        Matcher m = COUNTER.matcher(nft.run("", "list", "table", "ip", NatRuleset.TABLE));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }
}
