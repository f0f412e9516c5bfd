package io.podroute.ipip;

import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.Map;

/**
 * A running tunnel: the kernel's ipip device or the userspace TUN data plane. The agent adds
 * {@link #routeTo} for every tunnelled block to its RouteTable's desired set, and (for the
 * userspace plane) hands the full block → node table to {@link #setBlocks} whenever the RIB changes.
 */
public interface TunnelDataPlane extends AutoCloseable {
    /** "kernel" or "userspace", for logs and status. */
    String kind();

    String deviceName();

    int ifIndex();

    /** Tunnel MTU: underlay MTU - 20. */
    int mtu();

    /**
     * {@code ip route replace BLOCK via PEER dev TUNNEL onlink proto P mtu M}: the route to a
     * tunnelled block (route MTU set so that same-subnet routes keep the full MTU).
     */
    Route routeTo(Prefix block, Inet4Address peerNode);

    /**
     * The full set of tunnelled blocks and the node each lives on (longest prefix match). The kernel
     * plane needs nothing (the gateway in the route is the outer destination); the userspace plane
     * encapsulates and accepts by it.
     */
    void setBlocks(Map<Prefix, Inet4Address> blocks);

    @Override
    void close();
}
