package io.podroute.bgp.rib;

import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Objects;

/**
 * A route this speaker originates. Its next hop is this speaker ({@link Route#nextHop()} is null);
 * NEXT_HOP, MP_REACH_NLRI and MP_UNREACH_NLRI in {@code attributes} are ignored.
 */
public record LocalRoute(Prefix prefix, PathAttributes attributes) {
    public LocalRoute {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(attributes, "attributes");
    }
}
