package io.podroute.agent.sync;

import io.podroute.routes.NextHop;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * What a set of next hops resolves to, whatever the prefix: the same for every prefix a node (or a
 * ToR) announces, so it is computed once per distinct ECMP set and shared (interned by {@link
 * Decisions}); a prefix then only adds its own kernel route. This keeps the per-route cost to the
 * route itself at a million routes.
 *
 * @param kind "direct", "ipip", "ecmp", "blackhole", or "unresolved"
 * @param hops the best path's next hops, as received (best first)
 * @param usable the members of the kernel route: direct ({@code via HOP}) or tunnelled ({@code onlink}
 *     on the tunnel device); empty when unresolved
 * @param tunnelNode the node that receives the encapsulated packets of a tunnelled route, or null
 * @param device the tunnel device of a tunnelled route, or null
 * @param details one line per next hop: the decision and its reason
 */
public record Decision(
        String kind,
        List<Hop> hops,
        List<NextHop> usable,
        Inet4Address tunnelNode,
        String device,
        List<String> details) {
    static final Decision BLACKHOLE = new Decision(
            "blackhole", List.of(), List.of(), null, null, List.of("own block: drop traffic to unassigned pod IPs"));

    public Decision {
        Objects.requireNonNull(kind, "kind");
        hops = List.copyOf(hops);
        usable = List.copyOf(usable);
        details = List.copyOf(details);
    }
}
