package io.podroute.bgp.api;

import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;

/**
 * An import or export filter: given a prefix, its attributes and the peer it comes from (import) or
 * goes to (export), returns the attributes to use — the same object when unchanged — or null to
 * reject the route. Implementations are pure and thread-safe.
 */
@FunctionalInterface
public interface RoutePolicy {
    RoutePolicy ACCEPT_ALL = (prefix, attributes, peer) -> attributes;
    RoutePolicy REJECT_ALL = (prefix, attributes, peer) -> null;

    PathAttributes apply(Prefix prefix, PathAttributes attributes, PeerInfo peer);

    /**
     * Why {@link #apply} rejects this route, for {@code podroute routes --explain}: which rule, in
     * words. Only called for a route the policy rejects; off the hot path.
     */
    default String explainRejection(Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        return this == REJECT_ALL ? "rejected by a reject-all policy" : "rejected by the policy";
    }
}
