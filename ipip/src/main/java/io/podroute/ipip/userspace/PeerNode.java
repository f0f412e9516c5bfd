package io.podroute.ipip.userspace;

import java.net.Inet4Address;
import java.util.List;

/** A peer node as the packet threads see it: its address, its blocks, its counters. Immutable. */
final class PeerNode {
    final int nodeIp;
    final Inet4Address address;
    final TrafficCounters counters;
    private final int[] blockAddress;
    private final int[] blockMask;

    PeerNode(Inet4Address address, List<int[]> blocks, TrafficCounters counters) {
        this.address = address;
        this.nodeIp = Routing.toInt(address.getAddress());
        this.counters = counters;
        this.blockAddress = new int[blocks.size()];
        this.blockMask = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            blockAddress[i] = blocks.get(i)[0];
            blockMask[i] = blocks.get(i)[1];
        }
    }

    /** Whether {@code address} lies inside one of this node's blocks. */
    boolean owns(int address) {
        for (int i = 0; i < blockAddress.length; i++) {
            if ((address & blockMask[i]) == blockAddress[i]) {
                return true;
            }
        }
        return false;
    }
}
