package io.podroute.agent.sync;

import io.podroute.ipip.TunnelDataPlane;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tunnel device {@code tunl0}, ifindex 42, MTU 1480, that records the block maps it is handed. */
final class FakeTunnel implements TunnelDataPlane {
    static final int IFINDEX = 42;
    static final int MTU = 1480;

    private final List<Map<Prefix, Inet4Address>> blocks = new CopyOnWriteArrayList<>();

    /** Every map passed to {@link #setBlocks}, oldest first. */
    List<Map<Prefix, Inet4Address>> setBlocksCalls() {
        return blocks;
    }

    /** The last map passed to {@link #setBlocks}, or null if none. */
    Map<Prefix, Inet4Address> lastBlocks() {
        return blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
    }

    @Override
    public String kind() {
        return "kernel";
    }

    @Override
    public String deviceName() {
        return "tunl0";
    }

    @Override
    public int ifIndex() {
        return IFINDEX;
    }

    @Override
    public int mtu() {
        return MTU;
    }

    /** {@code BLOCK via NODE dev #42 onlink mtu 1480}. */
    @Override
    public Route routeTo(Prefix block, Inet4Address peerNode) {
        return Route.builder(block)
                .gateway(peerNode)
                .ifIndex(IFINDEX)
                .onlink(true)
                .mtu(MTU)
                .build();
    }

    @Override
    public void setBlocks(Map<Prefix, Inet4Address> blocks) {
        this.blocks.add(Map.copyOf(blocks));
    }

    @Override
    public void close() {}
}
