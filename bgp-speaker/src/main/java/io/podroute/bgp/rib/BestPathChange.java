package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.List;
import java.util.Objects;

/**
 * A change of a prefix's best path or of its ECMP set of next hops.
 *
 * @param kind ADD (the prefix had no path), REPLACE, or WITHDRAW (no path left)
 * @param prefix the destination
 * @param best the new best path; null for WITHDRAW
 * @param nextHops the new ECMP set, best path's first, in decision order; empty for WITHDRAW
 */
public record BestPathChange(Kind kind, Prefix prefix, Route best, List<EcmpNextHop> nextHops) {
    public enum Kind {
        ADD,
        REPLACE,
        WITHDRAW
    }

    public BestPathChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prefix, "prefix");
        if ((kind == Kind.WITHDRAW) != (best == null)) {
            throw new IllegalArgumentException("best path is null exactly for WITHDRAW");
        }
        nextHops = List.copyOf(nextHops);
    }
}
