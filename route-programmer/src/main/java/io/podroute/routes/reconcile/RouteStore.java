package io.podroute.routes.reconcile;

import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import io.podroute.routes.compact.LongPairMap;
import io.podroute.routes.compact.LongSet;
import io.podroute.routes.compact.ShardedLongPairMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The route table's desired and dataplane routes with their dirty keys — what {@link DeltaTracker}
 * does for nexthop objects, but compact for IPv4: one {@code long} key and two {@code int} shape ids
 * per route ({@link Ipv4Shapes}) in one open-addressing map whose slots also carry the dirty flags.
 * A million IPv4 routes cost about 25 MB here (16 bytes and a bit of slot each) instead of ~300 MB of
 * {@link Route}, {@link RouteKey} and map nodes. Other families (IPv6) keep a plain {@link
 * DeltaTracker}.
 *
 * <p>Same invariant as {@link DeltaTracker}: every key whose desired and dataplane routes might
 * disagree is dirty (or in the chunk being written); a pass re-checks dirty keys only: those dirty
 * when it began (the map's work flags), walked in slot order and taken in chunks ({@link
 * #beginPass} then {@link #nextChunk}) so that only one chunk's routes exist as objects at a time;
 * keys that become dirty during the pass wait for the next one.
 * Not thread-safe: used under the route table's monitor.
 */
final class RouteStore {
    private static final int NONE = LongPairMap.NONE;

    private final Ipv4Shapes shapes = new Ipv4Shapes();
    private final ShardedLongPairMap v4 = new ShardedLongPairMap();
    private final DeltaTracker<RouteKey, Route> other = new DeltaTracker<>(Route::satisfiedBy);

    /** Where the current pass's walk goes on ({@link ShardedLongPairMap#nextWork}); -1: at its end. */
    private long cursor;

    private long[] held = new long[0];
    private int heldSize;
    private List<RouteKey> heldOther = List.of();
    private boolean otherTaken;

    private static boolean compact(Route r) {
        return r.dst().isIpv4();
    }

    private static boolean compact(RouteKey k) {
        return k.dst().isIpv4();
    }

    // ------------------------------------------------------------------ desired set

    int shape(Route template) {
        return shapes.intern(template);
    }

    Route shapeRoute(int shape) {
        return shapes.shape(shape);
    }

    void putDesired(Route r) {
        if (compact(r)) {
            putDesired(shapes.key(r.table(), r.priority(), r.dst()), shapes.intern(r));
        } else {
            other.putDesired(r.key(), r);
        }
    }

    void putDesired(int shape, int address, int length) {
        putDesired(shapes.key(shape, address, length), shape);
    }

    private void putDesired(long key, int shape) {
        v4.setWant(key, shape); // dirty if it changed
    }

    /**
     * Replaces the whole desired set; keys that changed or left become dirty.
     *
     * @throws IllegalArgumentException if two routes share a key (nothing is changed then)
     */
    void setDesired(List<Route> next) {
        LongSet v4Keys = new LongSet(next.size());
        java.util.Map<RouteKey, Route> others = new java.util.HashMap<>();
        for (Route r : next) {
            boolean fresh = compact(r) ? v4Keys.add(shapes.key(r.key())) : others.put(r.key(), r) == null;
            if (!fresh) {
                throw new IllegalArgumentException("two desired routes share the key " + r.key());
            }
        }
        for (long key : v4.keys()) {
            if (!v4Keys.contains(key)) {
                removeDesired(key);
            }
        }
        for (Route r : next) {
            if (compact(r)) {
                putDesired(shapes.key(r.key()), shapes.intern(r));
            }
        }
        other.setDesired(others);
    }

    /** Removes one desired key; returns whether it was desired. */
    boolean removeDesired(RouteKey k) {
        if (!compact(k)) {
            boolean was = other.desired(k) != null;
            other.removeDesired(k);
            return was;
        }
        return removeDesired(shapes.key(k));
    }

    /** Removes the desired route of shape {@code shape}'s table and metric at the prefix. */
    boolean removeDesired(int shape, int address, int length) {
        return removeDesired(shapes.key(shape, address, length));
    }

    private boolean removeDesired(long key) {
        return v4.setWant(key, NONE) != NONE; // dirty if a route of ours is still there
    }

    /** The route key of a compact IPv4 update (for the rare bookkeeping that needs an object). */
    RouteKey routeKey(int shape, int address, int length) {
        return shapes.routeKey(shapes.key(shape, address, length));
    }

    Route desired(RouteKey k) {
        if (!compact(k)) {
            return other.desired(k);
        }
        long key = shapes.key(k);
        int s = v4.want(key);
        return s == NONE ? null : shapes.route(key, s);
    }

    int desiredSize() {
        return v4.wantCount() + other.desiredSize();
    }

    // ------------------------------------------------------------------ dataplane

    Route dataplane(RouteKey k) {
        if (!compact(k)) {
            return other.dataplane(k);
        }
        long key = shapes.key(k);
        int s = v4.have(key);
        return s == NONE ? null : shapes.route(key, s);
    }

    boolean inKernel(RouteKey k) {
        if (!compact(k)) {
            Route want = other.desired(k);
            Route have = other.dataplane(k);
            return want != null && have != null && want.satisfiedBy(have);
        }
        long key = shapes.key(k);
        int want = v4.want(key);
        int have = v4.have(key);
        return want != NONE && have != NONE && shapes.satisfies(want, have);
    }

    /** Records one dataplane route (a monitor event, a holder found at a conflict). */
    void dataplanePut(Route r) {
        if (compact(r)) {
            v4.setHave(shapes.key(r.table(), r.priority(), r.dst()), shapes.intern(r)); // and dirty
        } else {
            other.dataplanePut(r.key(), r);
        }
    }

    void dataplaneRemove(RouteKey k) {
        if (compact(k)) {
            v4.setHave(shapes.key(k), NONE); // and dirty, if still desired
        } else {
            other.dataplaneRemove(k);
        }
    }

    /** Our own write of {@code r} succeeded: the key is in sync unless the desired route moved on. */
    void applied(Route r) {
        if (!compact(r)) {
            other.applied(r.key(), r);
            return;
        }
        v4.settle(shapes.key(r.table(), r.priority(), r.dst()), shapes.intern(r));
    }

    /** Our own delete succeeded (or found nothing to delete). */
    void appliedDelete(RouteKey k) {
        if (!compact(k)) {
            other.appliedDelete(k);
            return;
        }
        v4.settle(shapes.key(k), NONE);
    }

    /** {@link #appliedDelete(RouteKey)} of {@code r}'s key, without making a key object per route. */
    void appliedDelete(Route r) {
        if (!compact(r)) {
            other.appliedDelete(r.key());
            return;
        }
        v4.settle(shapes.key(r.table(), r.priority(), r.dst()), NONE);
    }

    void touch(RouteKey k) {
        if (compact(k)) {
            v4.markDirty(shapes.key(k));
        } else {
            other.touch(k);
        }
    }

    void park(RouteKey k) {
        if (compact(k)) {
            v4.clearDirty(shapes.key(k));
        } else {
            other.park(k);
        }
    }

    /**
     * Starts replacing the dataplane view with a dump: notes the desired keys the view holds (so that
     * {@link #endDump} can tell which went missing) and forgets the view. Feed the dump to {@link
     * #dataplanePut}, then call {@link #endDump}.
     */
    void beginDump() {
        heldSize = 0;
        if (held.length < v4.haveCount()) {
            held = new long[v4.haveCount()];
        }
        v4.forEach((key, want, have) -> {
            if (have != NONE && want != NONE) {
                held[heldSize++] = key;
            }
        });
        heldOther = new ArrayList<>();
        for (RouteKey k : other.dataplaneKeys()) {
            if (other.desired(k) != null) {
                heldOther.add(k);
            }
        }
        v4.clearHave();
        other.setDataplane(java.util.Map.of());
    }

    /**
     * The dump is complete: every key becomes dirty (re-checked by the next pass), and {@code missing}
     * gets each desired key the view held before the dump and the kernel does not hold any more.
     */
    void endDump(Consumer<RouteKey> missing) {
        for (int i = 0; i < heldSize; i++) {
            if (v4.have(held[i]) == NONE) {
                missing.accept(shapes.routeKey(held[i]));
            }
        }
        for (RouteKey k : heldOther) {
            if (other.dataplane(k) == null) {
                missing.accept(k);
            }
        }
        heldOther = List.of();
        if (held.length > 65_536) {
            held = new long[0];
        }
        heldSize = 0;
        v4.markAllDirty();
    }

    // ------------------------------------------------------------------ passes

    int dirtyCount() {
        return v4.dirtyCount() + other.dirtyCount();
    }

    /**
     * Starts a pass: the dirty IPv4 keys become its work (a flag on each, moved with the entry), so
     * changes arriving during the pass's I/O wait for the next pass, and nothing is copied into or
     * removed from a set of keys (emptying a million-key open-addressing set one by one made its
     * clusters long: once the route table's top cost).
     */
    void beginPass() {
        cursor = 0;
        v4.beginWork();
        otherTaken = false;
    }

    /** Ends a pass (also a failed one): keys not reached stay dirty. */
    void endPass() {
        cursor = 0;
        v4.endWork();
        v4.trimIfSparse(); // a withdrawn full table gives its 25 MB back
    }

    /**
     * The next piece of this pass's work, or null when the pass's work is done: up to {@code max}
     * of the keys dirty at the pass's start, re-checked. Those that agree become clean; those to
     * write or delete are returned, clean while on their way (the caller settles them with {@link
     * #applied}/{@link #appliedDelete} or, if the kernel rejects them, marks them dirty again with
     * {@link #touch}); deletes of keys that are not desired are returned only when {@code
     * deleteStale}, otherwise those keys stay dirty.
     */
    DeltaTracker.Pending<Route> nextChunk(int max, boolean deleteStale) {
        if (!otherTaken) {
            otherTaken = true;
            if (other.dirtyCount() > 0) {
                return other.pending(deleteStale);
            }
        }
        if (cursor < 0) {
            return null;
        }
        List<Route> creates = new ArrayList<>();
        List<Route> updates = new ArrayList<>();
        List<Route> deletes = new ArrayList<>();
        int examined = 0;
        long at = cursor;
        boolean fromStart = at == 0;
        while (examined < max) {
            at = v4.nextWork(at);
            if (at < 0) {
                if (v4.workCount() == 0 || fromStart) {
                    break;
                }
                // the writes of the last chunk (or the owner's changes) moved keys behind the walk
                at = 0;
                fromStart = true;
                continue;
            }
            if (v4.takeWorkAt(at)) {
                examined++;
                long both = v4.valuesAt(at);
                int want = LongPairMap.wantOf(both);
                int have = LongPairMap.haveOf(both);
                // a stale route (no want) is kept dirty, untouched, until the owner's set is complete
                if (want != NONE || have == NONE || deleteStale) {
                    v4.clearDirtyAt(at);
                    long key = v4.keyAt(at);
                    if (want != NONE && have == NONE) {
                        creates.add(shapes.route(key, want));
                    } else if (want != NONE && !shapes.satisfies(want, have)) {
                        updates.add(shapes.route(key, want));
                    } else if (want == NONE && have != NONE) {
                        deletes.add(shapes.route(key, have));
                    }
                }
            }
            at++;
        }
        cursor = at;
        // kept stale keys are counted once per pass (keptStaleIpv4), not per chunk
        return examined == 0 ? null : new DeltaTracker.Pending<>(creates, updates, deletes, 0);
    }

    /**
     * The IPv4 podroute routes in the kernel that are not desired and that a pass keeps (when not
     * {@code deleteStale}): every entry without a want has a have, so it is the entries less the
     * wanted ones.
     */
    int keptStaleIpv4(boolean deleteStale) {
        return deleteStale ? 0 : v4.size() - v4.wantCount();
    }
}
