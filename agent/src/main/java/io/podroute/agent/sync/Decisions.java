package io.podroute.agent.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interned {@link Decision} per distinct (address family, next-hop set). Decisions depend on the
 * underlay and the node registry, so the owner {@link #clear}s them whenever either changes; entries
 * no prefix uses any more are dropped at that point too. Not thread-safe: the route sync's thread.
 */
final class Decisions {
    private record Key(boolean ipv4, List<Hop> hops) {}

    private final Map<Key, Decision> byHops = new HashMap<>();

    /** The decision for {@code hops}, computed at most once between clears. */
    Decision get(boolean ipv4, List<Hop> hops, PathLookup lookup, io.podroute.ipip.TunnelDataPlane tunnel) {
        Key k = new Key(ipv4, hops);
        Decision d = byHops.get(k);
        if (d == null) {
            d = RouteResolver.decide(ipv4, hops, lookup, tunnel);
            byHops.put(new Key(ipv4, d.hops()), d);
        }
        return d;
    }

    void clear() {
        byHops.clear();
    }

    int size() {
        return byHops.size();
    }
}
