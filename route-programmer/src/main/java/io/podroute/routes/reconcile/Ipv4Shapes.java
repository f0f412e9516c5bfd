package io.podroute.routes.reconcile;

import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interned IPv4 route shapes and the compact key of an IPv4 route, so that a million routes cost a
 * {@code long} and an {@code int} each instead of a {@link Route} and a {@link RouteKey}.
 *
 * <p>A <em>shape</em> is everything of a route but its destination (table, protocol, metric, type,
 * gateway, device, multipath members, MTU...): a node's or a ToR's next hops give the same shape to
 * every prefix behind them, so there are about as many shapes as distinct next-hop sets. Shapes are
 * numbered from 0 and kept for the table's lifetime (routes read back from the kernel add a shape per
 * distinct kernel form — the kernel fills in the device, for example — so the count stays small).
 *
 * <p>A <em>compact key</em> packs what identifies the route in the kernel (table, metric, prefix):
 * {@code keyClass << 38 | length << 32 | address}, where the key class numbers the distinct (table,
 * metric) pairs seen. Not thread-safe: used under the route table's monitor.
 */
final class Ipv4Shapes {
    private static final Prefix ANY = Prefix.parse("0.0.0.0/0");
    private static final int MAX_KEY_CLASSES = 1 << 25;

    private final Map<Route, Integer> ids = new HashMap<>();
    private final List<Route> byId = new ArrayList<>();
    private int[] classOf = new int[16];

    private final Map<Long, Integer> classIds = new HashMap<>();
    private int[] classTable = new int[4];
    private int[] classPriority = new int[4];

    /** The last shape interned or looked up: consecutive routes nearly always share it. */
    private Route lastShape;

    private int lastId = -1;

    /** The shape of {@code route} (an IPv4 route; its destination is ignored). */
    int intern(Route route) {
        if (lastShape != null && sameShape(lastShape, route)) {
            return lastId;
        }
        int id = internSlow(route);
        lastShape = byId.get(id);
        lastId = id;
        return id;
    }

    private static boolean sameShape(Route a, Route b) {
        return a.table() == b.table()
                && a.protocol() == b.protocol()
                && a.priority() == b.priority()
                && a.type() == b.type()
                && a.scope() == b.scope()
                && a.ifIndex() == b.ifIndex()
                && a.onlink() == b.onlink()
                && a.nexthopId() == b.nexthopId()
                && a.mtu() == b.mtu()
                && a.advmss() == b.advmss()
                && java.util.Objects.equals(a.gateway(), b.gateway())
                && a.multipath().equals(b.multipath());
    }

    private int internSlow(Route route) {
        Route shape = withDst(route, ANY);
        Integer id = ids.get(shape);
        if (id != null) {
            return id;
        }
        int next = byId.size();
        ids.put(shape, next);
        byId.add(shape);
        if (next == classOf.length) {
            classOf = java.util.Arrays.copyOf(classOf, next * 2);
        }
        classOf[next] = keyClass(shape.table(), shape.priority());
        return next;
    }

    /** The shape's route with destination 0.0.0.0/0. */
    Route shape(int id) {
        return byId.get(id);
    }

    /** Whether routes of shape {@code have} satisfy desired routes of shape {@code want} (same key). */
    boolean satisfies(int want, int have) {
        return want == have || byId.get(want).satisfiedBy(byId.get(have));
    }

    /** The compact key of a route of shape {@code shape} to {@code address/length}. */
    long key(int shape, int address, int length) {
        return pack(classOf[shape], address, length);
    }

    /** The compact key of an IPv4 route key. */
    long key(RouteKey k) {
        return key(k.table(), k.priority(), k.dst());
    }

    /** The compact key of the IPv4 route to {@code dst} in {@code table} with metric {@code priority}. */
    long key(int table, int priority, Prefix dst) {
        return pack(keyClass(table, priority), dst.ipv4Bits(), dst.length());
    }

    /** The route of shape {@code shape} at compact key {@code key}. */
    Route route(long key, int shape) {
        return withDst(byId.get(shape), prefix(key));
    }

    /** The route key a compact key stands for. */
    RouteKey routeKey(long key) {
        int c = (int) (key >>> 38);
        return new RouteKey(classTable[c], prefix(key), classPriority[c]);
    }

    private static long pack(int keyClass, int address, int length) {
        int masked = length == 0 ? 0 : address & (-1 << (32 - length));
        return (long) keyClass << 38 | (long) length << 32 | (masked & 0xffffffffL);
    }

    private static Prefix prefix(long key) {
        return Prefix.ofIpv4((int) key, (int) (key >>> 32) & 0x3f);
    }

    /** The last (table, metric) pair looked up and its class: nearly every route shares one. */
    private long lastPair = Long.MIN_VALUE;

    private int lastClass;

    private int keyClass(int table, int priority) {
        long tp = (long) table << 32 | (priority & 0xffffffffL);
        if (tp == lastPair) {
            return lastClass;
        }
        int c = keyClassSlow(table, priority);
        lastPair = tp;
        lastClass = c;
        return c;
    }

    private int keyClassSlow(int table, int priority) {
        long tp = (long) table << 32 | (priority & 0xffffffffL);
        Integer c = classIds.get(tp);
        if (c != null) {
            return c;
        }
        int next = classIds.size();
        if (next == MAX_KEY_CLASSES) {
            throw new IllegalStateException("more than " + MAX_KEY_CLASSES + " distinct (table, metric) pairs");
        }
        if (next == classTable.length) {
            classTable = java.util.Arrays.copyOf(classTable, next * 2);
            classPriority = java.util.Arrays.copyOf(classPriority, next * 2);
        }
        classTable[next] = table;
        classPriority[next] = priority;
        classIds.put(tp, next);
        return next;
    }

    static Route withDst(Route r, Prefix dst) {
        if (r.dst().equals(dst)) {
            return r;
        }
        return new Route(
                dst,
                r.table(),
                r.protocol(),
                r.priority(),
                r.type(),
                r.scope(),
                r.gateway(),
                r.ifIndex(),
                r.onlink(),
                r.multipath(),
                r.nexthopId(),
                r.mtu(),
                r.advmss());
    }
}
