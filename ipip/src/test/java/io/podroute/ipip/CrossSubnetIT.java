package io.podroute.ipip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.ipip.mode.IpipMode;
import io.podroute.ipip.mode.ModeDecider;
import io.podroute.ipip.mode.NetlinkUnderlayRoutes;
import io.podroute.ipip.mode.PeerPath;
import io.podroute.ipip.mode.PeerPaths;
import io.podroute.ipip.userspace.Tshark;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import io.podroute.routes.Protocols;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * CrossSubnet end to end, doing what the agent will do: each node decides per peer from its kernel's
 * route to the peer (PeerPaths), installs {@code block via node} for directly connected peers and
 * the tunnel route for the others. node3 shares node1's L2 segment; node2 is behind the router.
 */
@NetnsTest
class CrossSubnetIT {
    private static final Map<String, Prefix> BLOCKS = Map.of(
            "192.168.1.10", Prefix.parse("10.244.1.0/24"),
            "192.168.2.10", Prefix.parse("10.244.2.0/24"),
            "192.168.1.20", Prefix.parse("10.244.3.0/24"));

    @Test
    void sameSubnetPeersAreRoutedPlainAndOthersThroughTheTunnel(TestNetns router) throws Exception {
        try (TwoNodeLab lab = new TwoNodeLab(router)) {
            lab.addNode3();
            String pod1 = lab.pod(lab.node1, "10.244.1.0/24", "node1");
            String pod2 = lab.pod(lab.node2, "10.244.2.0/24", "node2");
            String pod3 = lab.pod(lab.node3, "10.244.3.0/24", "node3");
            Map<String, PeerPath.Kind> fromNode1 = program(lab.node1, "192.168.1.10");
            program(lab.node2, "192.168.2.10");
            program(lab.node3, "192.168.1.20");
            assertEquals(PeerPath.Kind.DIRECT, fromNode1.get("192.168.1.20"));
            assertEquals(PeerPath.Kind.TUNNEL, fromNode1.get("192.168.2.10"));

            // node1 → node3: plain pod IPs on the segment (captured on node3's bridge port).
            Tshark tshark = Tshark.start(router, "r3", "icmp", 4);
            List<String> lines;
            try {
                ping(lab.podNs(0), pod3);
                ping(lab.podNs(2), pod1);
                ping(lab.podNs(0), pod2); // and the tunnelled peer still works from the same pod
                ping(lab.podNs(1), pod1);
            } finally {
                lines = tshark.await();
            }
            assertTrue(lines.size() >= 2, "captured: " + lines);
            for (String l : lines) {
                String[] f = l.split("\t", -1);
                assertEquals("1", f[2], "ICMP directly in IP, no protocol 4: " + l);
                assertTrue(f[0].startsWith("10.244.") && f[1].startsWith("10.244."), "pod IPs: " + l);
            }
        }
    }

    /** The agent's job for one node: decide every peer, then route it plainly or through the tunnel. */
    private static Map<String, PeerPath.Kind> program(TestNetns node, String self) throws Exception {
        NetlinkHandle h = node.handle();
        PeerPaths paths = new PeerPaths(new ModeDecider(IpipMode.CROSS_SUBNET, new NetlinkUnderlayRoutes(h)));
        Set<java.net.InetAddress> peers = new LinkedHashSet<>();
        BLOCKS.keySet().stream().filter(p -> !p.equals(self)).forEach(p -> peers.add(Addresses.inet(p)));
        paths.setPeers(peers);
        TunnelDataPlane tunnel = node.closeLater(DataPlanes.open(
                DataPlaneChoice.AUTO,
                node.name(),
                h,
                TunnelSettings.defaults((Inet4Address) Addresses.inet(self), null)));
        Map<Prefix, Inet4Address> tunnelled = new HashMap<>();
        Map<String, PeerPath.Kind> kinds = new HashMap<>();
        RouteOps routes = new RouteOps(h);
        for (PeerPath p : paths.snapshot().values()) {
            Inet4Address nodeIp = (Inet4Address) p.nodeIp();
            Prefix block = BLOCKS.get(nodeIp.getHostAddress());
            kinds.put(nodeIp.getHostAddress(), p.kind());
            if (p.tunnelled()) {
                tunnelled.put(block, nodeIp);
                routes.replace(tunnel.routeTo(block, nodeIp));
            } else {
                routes.replace(Route.builder(block)
                        .gateway(nodeIp)
                        .protocol(Protocols.PODROUTE)
                        .build());
            }
        }
        tunnel.setBlocks(tunnelled);
        return kinds;
    }

    private static void ping(TestNetns from, String to) {
        Sh.Result r = Sh.inNs(from.name(), "ping", "-c", "2", "-i", "0.2", "-W", "2", to);
        assertEquals(0, r.exit(), "ping " + to + ":\n" + r.all());
    }
}
