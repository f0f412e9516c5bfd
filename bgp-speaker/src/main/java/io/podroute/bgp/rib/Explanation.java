package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.List;

/** The decision for one prefix as {@link Rib#explain} reports it: its candidates, best first. */
public record Explanation(Prefix prefix, List<RankedPath> candidates) {
    public Explanation {
        candidates = List.copyOf(candidates);
    }
}
