package io.podroute.agent.api;

import java.util.List;

/**
 * {@code podroute routes --explain PREFIX}.
 *
 * @param prefix the prefix asked about (normalised)
 * @param verdict one of: "installed-direct", "installed-tunnel", "installed-ecmp", "blackhole" (our own
 *     block), "no-path" (no peer sent it), "rejected" (every path was refused by import policy),
 *     "unresolved" (a best path exists but its next hop cannot be reached)
 * @param summary one sentence for humans
 * @param details supporting lines: the candidate paths with their peers and next hops, the policy
 *     rule that rejected a path, the underlay decision for the next hop, the kernel route
 */
public record RouteExplanation(String prefix, String verdict, String summary, List<String> details) {
    public RouteExplanation {
        details = List.copyOf(details);
    }
}
