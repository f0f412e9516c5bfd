package io.podroute.ipip.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.ipip.DataPlaneChoice;
import io.podroute.ipip.DataPlanes;
import io.podroute.ipip.Sh;
import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.TunnelSettings;
import io.podroute.ipip.TwoNodeLab;
import io.podroute.netlink.ffi.Eventually;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on different subnets behind a router that knows no pod routes, pods made by the real
 * CNI bridge plugin, and the userspace data plane (chosen by {@code auto} after this kernel's real
 * EOPNOTSUPP) on each node.
 */
@NetnsTest
class UserspaceTunnelIT {
    private static final Inet4Address NODE1 = (Inet4Address) Addresses.inet("192.168.1.10");
    private static final Inet4Address NODE2 = (Inet4Address) Addresses.inet("192.168.2.10");
    private static final Prefix BLOCK1 = Prefix.parse("10.244.1.0/24");
    private static final Prefix BLOCK2 = Prefix.parse("10.244.2.0/24");

    /** Both nodes' tunnels up and programmed; pods: pod1a, pod1b on node1, pod2a on node2. */
    private static final class Cluster implements AutoCloseable {
        final TwoNodeLab lab;
        final String pod1a;
        final String pod1b;
        final String pod2a;
        final UserspaceTunnel t1;
        final UserspaceTunnel t2;

        Cluster(TestNetns router) throws Exception {
            this(router, true);
        }

        Cluster(TestNetns router, boolean offloads) throws Exception {
            lab = new TwoNodeLab(router);
            try {
                pod1a = lab.pod(lab.node1, "10.244.1.0/24", "node1");
                pod1b = lab.pod(lab.node1, "10.244.1.0/24", "node1");
                pod2a = lab.pod(lab.node2, "10.244.2.0/24", "node2");
                t1 = tunnel(lab.node1, NODE1, BLOCK2, NODE2, offloads);
                t2 = tunnel(lab.node2, NODE2, BLOCK1, NODE1, offloads);
            } catch (Exception | AssertionError e) {
                lab.close();
                throw e;
            }
        }

        private static UserspaceTunnel tunnel(
                TestNetns node, Inet4Address self, Prefix remote, Inet4Address peer, boolean offloads)
                throws Exception {
            NetlinkHandle h = node.handle();
            TunnelSettings settings = TunnelSettings.defaults(self, null).withOffloads(offloads);
            TunnelDataPlane t = node.closeLater(DataPlanes.open(DataPlaneChoice.AUTO, node.name(), h, settings));
            assertEquals("userspace", t.kind(), "this kernel has no ipip: auto must fall back");
            t.setBlocks(Map.of(remote, peer));
            new RouteOps(h).replace(t.routeTo(remote, peer));
            return (UserspaceTunnel) t;
        }

        @Override
        public void close() {
            lab.close();
        }
    }

    @Test
    void podsPingAcrossTheRouterBothWaysThroughTheUserspaceTunnel(TestNetns router) throws Exception {
        try (Cluster c = new Cluster(router)) {
            assertEquals(1480, c.t1.mtu());
            assertPing(c.lab.podNs(0), c.pod2a);
            assertPing(c.lab.podNs(1), c.pod2a);
            assertPing(c.lab.podNs(2), c.pod1a);
            assertPing(c.lab.podNs(2), c.pod1b);
            assertTrue(c.t1.totals().txPackets() >= 6, c.t1.totals().toString());
            assertTrue(c.t1.totals().rxPackets() >= 6, c.t1.totals().toString());
            assertTrue(
                    c.t2.peerCounters().get(NODE1).rxPackets() >= 6,
                    c.t2.totals().toString());
            assertEquals(0, c.t2.totals().drops(DropReason.SPOOFED_INNER_SOURCE));
        }
    }

    @Test
    void podsPingBothWaysWithoutTunOffloads(TestNetns router) throws Exception {
        try (Cluster c = new Cluster(router, false)) {
            assertPing(c.lab.podNs(0), c.pod2a);
            assertPing(c.lab.podNs(2), c.pod1b);
            assertTrue(c.t2.totals().rxPackets() >= 6, c.t2.totals().toString());
        }
    }

    @Test
    void iperf3TcpRunsAcrossBothDirectionsThroughTsoAndCoalescing(TestNetns router) throws Exception {
        try (Cluster c = new Cluster(router)) {
            Process server = new ProcessBuilder(
                            "ip", "netns", "exec", c.lab.podNs(2).name(), "iperf3", "-s")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                for (String direction : List.of("-4", "-R")) {
                    Sh.Result r = null;
                    for (int attempt = 0; attempt < 50; attempt++) {
                        r = Sh.inNs(c.lab.podNs(0).name(), "iperf3", "-c", c.pod2a, "-t", "2", direction);
                        if (r.exit() == 0 || !r.all().contains("Connection refused")) {
                            break;
                        }
                        Thread.sleep(100); // the server is still starting
                    }
                    assertEquals(0, r.exit(), "iperf3 " + direction + ":\n" + r.all());
                    assertTrue(r.out().contains("receiver"), r.out());
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
            // Megabytes crossed both ways; nothing dropped but the TUN's own IPv6 chatter.
            assertTrue(c.t1.totals().txBytes() > 1_000_000, c.t1.totals().toString());
            assertTrue(c.t2.totals().txBytes() > 1_000_000, c.t2.totals().toString());
            for (DropReason reason : DropReason.values()) {
                if (reason != DropReason.NOT_IPV4) {
                    assertEquals(0, c.t1.totals().drops(reason), reason + " " + c.t1.totals());
                    assertEquals(0, c.t2.totals().drops(reason), reason + " " + c.t2.totals());
                }
            }
        }
    }

    private static void assertPing(TestNetns from, String to) {
        Sh.Result r = Sh.inNs(from.name(), "ping", "-c", "3", "-i", "0.2", "-W", "2", to);
        assertEquals(0, r.exit(), "ping " + to + " from " + from.name() + ":\n" + r.all());
    }

    @Test
    void theWireShowsProtocol4WithNodeIpsOutsideAndPodIpsInside(TestNetns router) throws Exception {
        try (Cluster c = new Cluster(router)) {
            Tshark capture = Tshark.start(router, "r1", "ip proto 4", 2);
            assertPing(c.lab.podNs(0), c.pod2a);
            List<String> lines = capture.await();
            assertTrue(lines.size() >= 2, "captured: " + lines);
            for (String l : lines) {
                String[] f = l.split("\t", -1);
                // ip.src / ip.dst list the outer header first, then the inner one; ip.proto 4 then 1.
                assertTrue(f[0].startsWith("192.168.") && f[0].contains(",10.244."), l);
                assertTrue(f[1].startsWith("192.168.") && f[1].contains(",10.244."), l);
                assertTrue(f[2].startsWith("4,1"), l);
            }
            assertTrue(
                    lines.stream().anyMatch(l -> l.startsWith("192.168.1.10," + c.pod1a + "\t192.168.2.10," + c.pod2a)),
                    "node1→node2 carrying pod1a→pod2a: " + lines);
        }
    }

    @Test
    void packetsFromUnknownNodesOrWithSpoofedInnerSourcesAreDroppedAndCounted(TestNetns router) throws Exception {
        try (Cluster c = new Cluster(router)) {
            // From the router (192.168.2.1: not a node), to node2, inner 10.244.1.5 → pod2a.
            inject(router, "192.168.2.1", "192.168.2.10", "10.244.1.5", c.pod2a);
            Eventually.await("unknown node counted", () -> c.t2.totals().drops(DropReason.UNKNOWN_NODE) >= 1);
            // Outer source node1 (a known node), inner source outside node1's block.
            inject(router, "192.168.1.10", "192.168.2.10", "10.99.0.7", c.pod2a);
            Eventually.await(
                    "spoofed inner source counted",
                    () -> c.t2.totals().drops(DropReason.SPOOFED_INNER_SOURCE) >= 1
                            && c.t2.peerCounters().get(NODE1).drops(DropReason.SPOOFED_INNER_SOURCE) >= 1);
            // Outer and inner both legitimate: accepted (the injection itself works).
            long before = c.t2.totals().rxPackets();
            inject(router, "192.168.1.10", "192.168.2.10", "10.244.1.5", c.pod2a);
            Eventually.await("legitimate packet accepted", () -> c.t2.totals().rxPackets() > before);
        }
    }

    /** Sends one IPIP packet (inner ICMP echo) from {@code ns} with a hand-made outer header. */
    private static void inject(TestNetns ns, String outerSrc, String outerDst, String innerSrc, String innerDst) {
        Sh.Result r = Sh.inNs(ns.name(), "python3", "-c", INJECT, outerSrc, outerDst, innerSrc, innerDst);
        assertEquals(0, r.exit(), r.all());
    }

    private static final String INJECT = String.join(
            "\n",
            "import socket, struct, sys",
            "def csum(b):",
            "    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))",
            "    while s >> 16: s = (s & 0xffff) + (s >> 16)",
            "    return ~s & 0xffff",
            "def ip(src, dst, proto, payload):",
            "    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0,",
            "                    socket.inet_aton(src), socket.inet_aton(dst))",
            "    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload",
            "icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4242, 1) + b'podroute'",
            "icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]",
            "o_src, o_dst, i_src, i_dst = sys.argv[1:5]",
            "pkt = ip(o_src, o_dst, 4, ip(i_src, i_dst, 1, icmp))",
            "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)",
            "s.sendto(pkt, (o_dst, 0))");

    @Test
    void dfPingOverTheTunnelMtuGetsFragNeededAndTheLargestFittingOnePasses(TestNetns router) throws Exception {
        try (Cluster c = new Cluster(router)) {
            int fits = c.t1.mtu() - 28;
            Sh.Result ok = Sh.inNs(
                    c.lab.podNs(0).name(),
                    "ping",
                    "-c",
                    "2",
                    "-i",
                    "0.2",
                    "-W",
                    "2",
                    "-M",
                    "do",
                    "-s",
                    "" + fits,
                    c.pod2a);
            assertEquals(0, ok.exit(), ok.all());
            Sh.Result big = Sh.inNs(
                    c.lab.podNs(0).name(),
                    "ping",
                    "-c",
                    "2",
                    "-i",
                    "0.2",
                    "-W",
                    "2",
                    "-M",
                    "do",
                    "-s",
                    "" + (fits + 20),
                    c.pod2a);
            assertTrue(big.exit() != 0, big.all());
            assertTrue(
                    big.all().contains("mtu = " + c.t1.mtu()) || big.all().contains("mtu=" + c.t1.mtu()),
                    "frag needed naming the tunnel MTU: " + big.all());
        }
    }
}
