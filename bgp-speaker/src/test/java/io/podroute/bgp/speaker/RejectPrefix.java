package io.podroute.bgp.speaker;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;

/** A policy that rejects one prefix and accepts the rest; equal to another for the same prefix. */
record RejectPrefix(Prefix rejected) implements RoutePolicy {
    @Override
    public PathAttributes apply(Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        return prefix.equals(rejected) ? null : attributes;
    }
}
