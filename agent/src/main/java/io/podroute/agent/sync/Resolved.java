package io.podroute.agent.sync;

import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * What one prefix becomes in the kernel, and why.
 *
 * @param prefix the destination
 * @param route the kernel route, or null when no next hop can be used
 * @param kind "direct", "ipip", "ecmp", "blackhole", or "unresolved"
 * @param hops the best path's next hops, as received
 * @param tunnelNode for a tunnelled route, the node that receives the encapsulated packets; else null
 * @param device the tunnel device of a tunnelled route, or null
 * @param details one line per next hop: the decision and its reason
 */
public record Resolved(
        Prefix prefix,
        Route route,
        String kind,
        List<Hop> hops,
        Inet4Address tunnelNode,
        String device,
        List<String> details) {
    public Resolved {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(kind, "kind");
        hops = List.copyOf(hops);
        details = List.copyOf(details);
    }

    public boolean installed() {
        return route != null;
    }
}
