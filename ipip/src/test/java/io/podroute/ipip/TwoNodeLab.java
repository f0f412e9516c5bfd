package io.podroute.ipip;

import io.podroute.netlink.ffi.TestNetns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two nodes on different subnets behind a router namespace that knows no pod routes, each with pods
 * made by the real CNI {@code bridge} plugin and {@code host-local} IPAM (a dataDir per node).
 *
 * <pre>
 *   pod1a, pod1b ── cni0 [node1 192.168.1.10/24] eth0 ── r1 ┐
 *                                                          br1 192.168.1.1 [router] r2 ── eth0 [node2 192.168.2.10/24] cni0 ── pod2a
 *   (optional)   ── cni0 [node3 192.168.1.20/24] eth0 ── r3 ┘
 *   blocks: node1 10.244.1.0/24, node2 10.244.2.0/24, node3 10.244.3.0/24
 * </pre>
 *
 * Subnet 1 is one L2 segment (a bridge in the router namespace), so node3 is directly connected to
 * node1 while node2 is behind the router.
 *
 * Every namespace is removed by {@link #close()}, in reverse order, whatever failed before.
 */
public final class TwoNodeLab implements AutoCloseable {
    private static final Pattern IP = Pattern.compile("\"address\":\\s*\"([0-9.]+)/");

    public final TestNetns router;
    public final TestNetns node1;
    public final TestNetns node2;
    public TestNetns node3;
    public final List<TestNetns> pods = new ArrayList<>();
    private final List<TestNetns> owned = new ArrayList<>();
    private final Path dataDir;

    public TwoNodeLab(TestNetns router) {
        this.router = router;
        try {
            this.dataDir = Files.createTempDirectory("podroute-ipip-cni");
            this.node1 = own(TestNetns.create());
            this.node2 = own(TestNetns.create());
            sysctl(router, "net.ipv4.ip_forward=1");
            router.ip("link", "add", "br1", "type", "bridge");
            router.ip("addr", "add", "192.168.1.1/24", "dev", "br1");
            router.ip("link", "set", "br1", "up");
            link(node1, "r1", "br1", "192.168.1.10/24");
            link(node2, "r2", "192.168.2.1/24", "192.168.2.10/24");
            for (TestNetns n : List.of(node1, node2)) {
                nodeSysctls(n);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Adds node3 (192.168.1.20/24) on node1's L2 segment. */
    public TestNetns addNode3() {
        node3 = own(TestNetns.create());
        link(node3, "r3", "br1", "192.168.1.20/24");
        nodeSysctls(node3);
        return node3;
    }

    private static void nodeSysctls(TestNetns n) {
        sysctl(n, "net.ipv4.ip_forward=1");
        sysctl(n, "net.ipv4.conf.all.rp_filter=1");
        sysctl(n, "net.ipv4.conf.default.rp_filter=1");
    }

    private TestNetns own(TestNetns ns) {
        owned.add(ns);
        return ns;
    }

    /** A veth from the router to the node; {@code routerSide} is an address or the bridge to join. */
    private void link(TestNetns node, String routerEnd, String routerSide, String nodeIp) {
        router.ip("link", "add", routerEnd, "type", "veth", "peer", "name", "eth0", "netns", node.name());
        String gateway;
        if (routerSide.startsWith("br")) {
            router.ip("link", "set", routerEnd, "master", routerSide);
            gateway = "192.168.1.1";
        } else {
            router.ip("addr", "add", routerSide, "dev", routerEnd);
            gateway = routerSide.substring(0, routerSide.indexOf('/'));
        }
        router.ip("link", "set", routerEnd, "up");
        node.ip("addr", "add", nodeIp, "dev", "eth0");
        node.ip("link", "set", "eth0", "up");
        node.ip("route", "add", "default", "via", gateway);
    }

    public static void sysctl(TestNetns ns, String kv) {
        Sh.Result r = Sh.inNs(ns.name(), "sysctl", "-q", "-w", kv);
        if (r.exit() != 0) {
            throw new IllegalStateException("sysctl " + kv + " in " + ns.name() + ": " + r.all());
        }
    }

    /**
     * Makes a pod on {@code node} with the CNI bridge plugin (host-local IPAM from {@code subnet});
     * returns its IPv4 address.
     */
    public String pod(TestNetns node, String subnet, String nodeName) {
        TestNetns pod = own(TestNetns.create());
        pods.add(pod);
        String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"podnet\",\"type\":\"bridge\",\"bridge\":\"cni0\","
                + "\"isGateway\":true,\"ipMasq\":false,\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\""
                + subnet + "\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dataDir\":\"" + dataDir.resolve(nodeName)
                + "\"}}";
        Sh.Result r = Sh.exec(
                List.of("ip", "netns", "exec", node.name(), "/usr/lib/cni/bridge"),
                config,
                List.of(
                        "CNI_COMMAND=ADD",
                        "CNI_CONTAINERID=" + pod.name(),
                        "CNI_NETNS=/run/netns/" + pod.name(),
                        "CNI_IFNAME=eth0",
                        "CNI_PATH=/usr/lib/cni"));
        if (r.exit() != 0) {
            throw new IllegalStateException("CNI bridge ADD for " + pod.name() + " failed: " + r.all());
        }
        Matcher m = IP.matcher(r.out());
        if (!m.find()) {
            throw new IllegalStateException("no address in CNI result: " + r.out());
        }
        return m.group(1);
    }

    /** The pod namespace that got {@code index}-th. */
    public TestNetns podNs(int index) {
        return pods.get(index);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (dataDir != null) {
            try (Stream<Path> s = Files.walk(dataDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                first = first == null ? new UncheckedIOException(e) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
