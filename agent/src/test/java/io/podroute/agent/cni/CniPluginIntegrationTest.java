package io.podroute.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.config.AgentSetup.Cni.Plugin;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.routes.Prefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conflist podroute writes, run through the real Debian plugins: two pods on a simulated node get
 * addresses in the block with the configured MTU, reach each other, and DEL undoes ADD.
 */
@NetnsTest
class CniPluginIntegrationTest {
    static final Prefix BLOCK = Prefix.parse("10.244.7.0/26");
    static final int MTU = 1430;
    private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");

    @ParameterizedTest
    @EnumSource(Plugin.class)
    void twoPodsGetTheBlockAndReachEachOther(Plugin plugin, TestNetns node, @TempDir Path tmp) throws IOException {
        AgentSetup.Cni cni = CniConfigWriterTest.cni(tmp.resolve("net.d"), plugin, tmp.resolve("ipam"));
        assertTrue(CniConfigWriter.write(cni, BLOCK, MTU));
        CniRuntime runtime =
                new CniRuntime(node.name(), Files.readString(CniConfigWriter.path(cni), StandardCharsets.UTF_8));
        TestNetns pod1 = node.closeLater(TestNetns.create());
        TestNetns pod2 = node.closeLater(TestNetns.create());

        String ip1 = added(runtime.add("c1", pod1.name()), pod1);
        String ip2 = added(runtime.add("c2", pod2.name()), pod2);
        assertFalse(ip1.equals(ip2));
        nodeSide(plugin, node, ip1, ip2);
        Cmd.check("ip", "netns", "exec", pod1.name(), "ping", "-c1", "-W2", ip2);
        Cmd.check("ip", "netns", "exec", pod2.name(), "ping", "-c1", "-W2", ip1);

        runtime.del("c1", pod1.name());
        runtime.del("c2", pod2.name());
        assertFalse(pod1.ip("-o", "link").contains("eth0"), "DEL removed the pod's interface");
        assertFalse(pod2.ip("-o", "link").contains("eth0"));
        assertFalse(
                leaseFiles(tmp.resolve("ipam/podroute")).anyMatch(f -> f.equals(ip1) || f.equals(ip2)),
                "DEL released both leases");
    }

    /** Checks the ADD result and the pod's eth0 (address in the block, the MTU); returns the address. */
    private static String added(JsonNode result, TestNetns pod) {
        String address = result.at("/ips/0/address").asText();
        Prefix host = Prefix.parse(address.substring(0, address.indexOf('/')));
        assertTrue(NatRuleset.contains(BLOCK, host), address + " inside " + BLOCK);
        String eth0 = pod.ip("-o", "-4", "addr", "show", "dev", "eth0");
        Matcher m = INET.matcher(eth0);
        assertTrue(m.find(), eth0);
        assertEquals(address, m.group(1) + "/" + m.group(2));
        assertTrue(pod.ip("-o", "link", "show", "dev", "eth0").contains(" mtu " + MTU + " "), "pod MTU " + MTU);
        assertTrue(pod.ip("route", "show", "default").contains("via 10.244.7.1"), "default route via the gateway");
        return m.group(1);
    }

    /** bridge: the block's first address on the bridge (connected route); ptp: a /32 route per pod. */
    private static void nodeSide(Plugin plugin, TestNetns node, String ip1, String ip2) {
        if (plugin == Plugin.BRIDGE) {
            assertTrue(node.ip("-o", "-4", "addr", "show", "dev", "podroute0").contains("inet 10.244.7.1/26"));
            assertTrue(node.ip("route", "show", BLOCK.toString()).contains("dev podroute0"));
            assertTrue(node.ip("-o", "link", "show", "dev", "podroute0").contains(" mtu " + MTU + " "));
        } else {
            assertTrue(node.ip("route", "show", ip1).contains("dev veth"));
            assertTrue(node.ip("route", "show", ip2).contains("dev veth"));
        }
    }

    private static Stream<String> leaseFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
