package io.podroute.ipip.userspace;

import io.podroute.ipip.DataPlaneChoice;
import io.podroute.ipip.DataPlanes;
import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.TunnelSettings;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the userspace data plane for ops/bench/ipip.sh: one node's tunnel inside a named netns until
 * stdin closes, then prints its counters and the JVM's CPU time. Not a test.
 *
 * <p>Arguments: {@code NETNS NODE_IP BLOCK=PEER_NODE_IP...}
 */
public final class IpipBenchNode {
    private IpipBenchNode() {}

    @SuppressForbidden
    public static void main(String[] args) throws Exception {
        String ns = args[0];
        Inet4Address node = (Inet4Address) Addresses.inet(args[1]);
        Map<Prefix, Inet4Address> blocks = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            blocks.put(Prefix.parse(kv[0]), (Inet4Address) Addresses.inet(kv[1]));
        }
        try (NetlinkHandle h = NetlinkHandle.open(ns);
                TunnelDataPlane t =
                        DataPlanes.open(DataPlaneChoice.USERSPACE, ns, h, TunnelSettings.defaults(node, null))) {
            t.setBlocks(blocks);
            RouteOps routes = new RouteOps(h);
            for (Map.Entry<Prefix, Inet4Address> e : blocks.entrySet()) {
                routes.replace(t.routeTo(e.getKey(), e.getValue()));
            }
            System.out.println("READY " + ns);
            System.out.flush();
            drain();
            UserspaceTunnel u = (UserspaceTunnel) t;
            printAllocations(ns);
            System.out.println("COUNTERS " + ns + " " + u.totals());
        }
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.out.println("JVMCPU " + ns + " " + cpuNanos / 1e9);
    }

    /** Heap bytes allocated by the packet threads over their whole life (HotSpot's per-thread counter). */
    @SuppressForbidden
    private static void printAllocations(String ns) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("ipip-")) {
                System.out.println(
                        "ALLOC " + ns + " " + th.getName() + " " + mx.getThreadAllocatedBytes(th.getId()) + " bytes");
            }
        }
    }

    private static void drain() throws IOException {
        byte[] buf = new byte[256];
        while (System.in.read(buf) >= 0) {
            String s = new String(buf, StandardCharsets.US_ASCII);
            if (s.startsWith("q")) {
                return;
            }
        }
    }
}
