package io.podroute.agent.sync;

import io.podroute.ipip.mode.IpipMode;
import io.podroute.ipip.mode.ModeDecider;
import io.podroute.ipip.mode.PeerPath;
import io.podroute.ipip.mode.UnderlayRoutes;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The underlay decision per next hop, cached: registered nodes under the configured IP-in-IP mode,
 * every other next hop (a ToR router) under CrossSubnet rules (direct if connected, else unresolved).
 * A decision is one kernel look-up ({@code ip route get fibmatch HOP}) the first time a next hop is
 * seen; {@link #reevaluate} repeats them all after an underlay change.
 *
 * <p>Not thread-safe: confined to the route sync thread.
 */
final class HopPaths implements PathLookup {
    private static final Logger LOG = LoggerFactory.getLogger(HopPaths.class);

    private final ModeDecider nodes;
    private final ModeDecider others;
    private final Map<InetAddress, PeerPath> cache = new HashMap<>();
    private Map<InetAddress, String> registry = Map.of();

    HopPaths(IpipMode mode, UnderlayRoutes underlay) {
        this.nodes = new ModeDecider(mode, underlay);
        this.others = new ModeDecider(IpipMode.CROSS_SUBNET, underlay);
    }

    /** The node registry by node IP; the decisions of addresses that changed role are redone. */
    void setNodes(Map<InetAddress, String> byIp) {
        Map<InetAddress, String> old = registry;
        registry = Map.copyOf(byIp);
        cache.keySet().removeIf(a -> old.containsKey(a) != registry.containsKey(a));
    }

    @Override
    public String nodeAt(InetAddress address) {
        return registry.get(address);
    }

    @Override
    public PeerPath path(InetAddress hop) {
        PeerPath p = cache.get(hop);
        if (p == null) {
            p = decide(hop);
            cache.put(hop, p);
        }
        return p;
    }

    /** Re-decides every cached next hop; returns whether any decision changed kind. */
    boolean reevaluate() {
        boolean changed = false;
        for (Map.Entry<InetAddress, PeerPath> e : cache.entrySet()) {
            PeerPath now = decide(e.getKey());
            if (now.kind() != e.getValue().kind()) {
                LOG.info("next hop {}: {} -> {}", Addresses.format(e.getKey()), e.getValue(), now);
                changed = true;
            }
            e.setValue(now);
        }
        return changed;
    }

    /** Forgets next hops no longer used by any route. */
    void retain(List<InetAddress> inUse) {
        cache.keySet().retainAll(inUse);
    }

    private PeerPath decide(InetAddress hop) {
        try {
            return (registry.containsKey(hop) ? nodes : others).decide(hop);
        } catch (NetlinkException e) {
            LOG.warn(
                    "underlay look-up for next hop {} failed ({}); treated as unreachable until the next change",
                    Addresses.format(hop),
                    e.getMessage());
            return new PeerPath(hop, PeerPath.Kind.UNREACHABLE, "underlay look-up failed: " + e.getMessage());
        }
    }
}
