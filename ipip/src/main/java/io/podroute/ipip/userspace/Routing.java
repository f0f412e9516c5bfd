package io.podroute.ipip.userspace;

import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One immutable snapshot of the block → node table: longest-prefix match from an inner destination
 * to the peer node (send side) and the peer by its node IP (receive side). Lookups allocate
 * nothing: one int-keyed map per distinct prefix length, longest first (pod blocks usually share
 * one length, so a lookup is one or two probes).
 */
final class Routing {
    static final Routing EMPTY = build(Map.of(), a -> new TrafficCounters());

    private final int[] lengths;
    private final List<IntMap<PeerNode>> byLength;
    private final IntMap<PeerNode> byNode;
    private final List<PeerNode> peers;

    private Routing(int[] lengths, List<IntMap<PeerNode>> byLength, IntMap<PeerNode> byNode, List<PeerNode> peers) {
        this.lengths = lengths;
        this.byLength = byLength;
        this.byNode = byNode;
        this.peers = peers;
    }

    /**
     * Builds the table; {@code counters} supplies each node's counters (kept across rebuilds by the
     * caller so that a table change does not reset them).
     */
    static Routing build(Map<Prefix, Inet4Address> blocks, Function<Inet4Address, TrafficCounters> counters) {
        Map<Inet4Address, List<int[]>> perNode = new LinkedHashMap<>();
        TreeMap<Integer, Map<Integer, Inet4Address>> perLength = new TreeMap<>((a, b) -> Integer.compare(b, a));
        for (Map.Entry<Prefix, Inet4Address> e : blocks.entrySet()) {
            Prefix p = e.getKey();
            if (!p.isIpv4()) {
                throw new IllegalArgumentException("IPv4 blocks only: " + p);
            }
            int mask = mask(p.length());
            int addr = toInt(p.address());
            perNode.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(new int[] {addr, mask});
            perLength.computeIfAbsent(p.length(), k -> new HashMap<>()).put(addr, e.getValue());
        }
        Map<Inet4Address, PeerNode> nodes = new LinkedHashMap<>();
        IntMap<PeerNode> byNode = new IntMap<>(perNode.size());
        for (Map.Entry<Inet4Address, List<int[]>> e : perNode.entrySet()) {
            PeerNode n = new PeerNode(e.getKey(), e.getValue(), counters.apply(e.getKey()));
            nodes.put(e.getKey(), n);
            byNode.put(n.nodeIp, n);
        }
        int[] lengths = new int[perLength.size()];
        List<IntMap<PeerNode>> byLength = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Integer, Map<Integer, Inet4Address>> e : perLength.entrySet()) {
            lengths[i++] = e.getKey();
            IntMap<PeerNode> m = new IntMap<>(e.getValue().size());
            e.getValue().forEach((addr, node) -> m.put(addr, nodes.get(node)));
            byLength.add(m);
        }
        return new Routing(lengths, byLength, byNode, List.copyOf(nodes.values()));
    }

    /** The node whose block contains {@code destination} (longest match), or null. */
    PeerNode byDestination(int destination) {
        for (int i = 0; i < lengths.length; i++) {
            PeerNode n = byLength.get(i).get(destination & mask(lengths[i]));
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** The peer with node IP {@code nodeIp}, or null. */
    PeerNode byNode(int nodeIp) {
        return byNode.get(nodeIp);
    }

    List<PeerNode> peers() {
        return peers;
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    static int toInt(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }
}
