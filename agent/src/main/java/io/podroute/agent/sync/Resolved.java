package io.podroute.agent.sync;

import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * What one prefix becomes in the kernel, and why: its own route plus the (shared) {@link Decision}
 * for its next hops.
 *
 * @param prefix the destination
 * @param route the kernel route, or null when no next hop can be used
 * @param decision the resolution of its next hops, shared by every prefix with the same ones
 */
public record Resolved(Prefix prefix, Route route, Decision decision) {
    public Resolved {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(decision, "decision");
    }

    public boolean installed() {
        return route != null;
    }

    /** "direct", "ipip", "ecmp", "blackhole", or "unresolved". */
    public String kind() {
        return decision.kind();
    }

    /** The best path's next hops, as received. */
    public List<Hop> hops() {
        return decision.hops();
    }

    /** For a tunnelled route, the node that receives the encapsulated packets; else null. */
    public Inet4Address tunnelNode() {
        return decision.tunnelNode();
    }

    /** The tunnel device of a tunnelled route, or null. */
    public String device() {
        return decision.device();
    }

    /** One line per next hop: the decision and its reason. */
    public List<String> details() {
        return decision.details();
    }
}
