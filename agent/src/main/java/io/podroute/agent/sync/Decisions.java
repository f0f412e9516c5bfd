package io.podroute.agent.sync;

import io.podroute.ipip.TunnelDataPlane;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interned {@link Decision} per distinct (address family, next-hop set), numbered from 0 so that
 * the route sync stores an {@code int} per prefix. Decisions depend on the underlay and the node
 * registry: when either changes, the owner starts a new generation ({@link #next()}) and re-resolves
 * every prefix into it; the old generation, and decisions no prefix uses, are dropped with it. Not
 * thread-safe: the route sync's thread.
 */
final class Decisions {
    private record Key(boolean ipv4, List<Hop> hops) {}

    private final Map<Key, Integer> byHops = new HashMap<>();
    private final List<Decision> byId = new ArrayList<>();
    private final List<Integer> shapeById = new ArrayList<>();
    private final ShapeSource shapes;

    /** The route table's IPv4 shape of a decision's routes, or -1 when it installs nothing. */
    interface ShapeSource {
        int ipv4Shape(Decision d);
    }

    Decisions(ShapeSource shapes) {
        this.shapes = shapes;
    }

    /** An empty generation with the same shape source. */
    Decisions next() {
        return new Decisions(shapes);
    }

    /** The id of the decision for {@code hops}, computed at most once per generation. */
    @SuppressWarnings("ReferenceEquality") // a cache by identity; equal lists take the map look-up
    int id(boolean ipv4, List<Hop> hops, PathLookup lookup, TunnelDataPlane tunnel) {
        if (hops == lastHops && ipv4 == lastIpv4) {
            return lastId; // the same list as the previous prefix's (the usual case in a burst)
        }
        int id = lookup(ipv4, hops, lookup, tunnel);
        lastHops = hops;
        lastIpv4 = ipv4;
        lastId = id;
        return id;
    }

    private List<Hop> lastHops;
    private boolean lastIpv4;
    private int lastId;

    private int lookup(boolean ipv4, List<Hop> hops, PathLookup lookup, TunnelDataPlane tunnel) {
        Integer id = byHops.get(new Key(ipv4, hops));
        if (id != null) {
            return id;
        }
        Decision d = RouteResolver.decide(ipv4, hops, lookup, tunnel);
        int next = byId.size();
        byId.add(d);
        shapeById.add(ipv4 ? shapes.ipv4Shape(d) : -1);
        byHops.put(new Key(ipv4, d.hops()), next);
        return next;
    }

    Decision get(int id) {
        return byId.get(id);
    }

    /** The IPv4 route shape of decision {@code id} (see {@link ShapeSource}); -1 for IPv6 or none. */
    int shape(int id) {
        return shapeById.get(id);
    }

    int size() {
        return byId.size();
    }
}
