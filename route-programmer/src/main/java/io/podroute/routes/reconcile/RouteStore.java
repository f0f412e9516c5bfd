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
 * per route ({@link Ipv4Shapes}) in one open-addressing map, plus a primitive dirty set. A million
 * IPv4 routes cost about 25 MB here (16 bytes of slot each) instead of ~300 MB of {@link Route}, {@link RouteKey} and map
 * nodes. Other families (IPv6) keep a plain {@link DeltaTracker}.
 *
 * <p>Same invariant as {@link DeltaTracker}: every key whose desired and dataplane routes might
 * disagree is dirty; a pass re-checks dirty keys only. Passes take the work in chunks ({@link
 * #beginPass} then {@link #nextChunk}) so that only one chunk's routes exist as objects at a time.
 * Not thread-safe: used under the route table's monitor.
 */
final class RouteStore {
    private static final int NONE = LongPairMap.NONE;

    private final Ipv4Shapes shapes = new Ipv4Shapes();
    private final ShardedLongPairMap v4 = new ShardedLongPairMap();
    private LongSet v4Dirty = new LongSet();
    private final DeltaTracker<RouteKey, Route> other = new DeltaTracker<>(Route::satisfiedBy);

    /** The dirty IPv4 keys the current pass took at its start, and how far it got through them. */
    /** The dirty set taken by the current pass, walked in slot order (no copy of its keys). */
    private LongSet work = new LongSet();

    /** The next slot of {@code work} to look at; {@code work.slotCount()}: the member 0's turn. */
    private int workSlot;
    /** Members of {@code work} not looked at yet. */
    private int workLeft;

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
        int old = v4.setWant(key, shape);
        if (old != shape) {
            v4Dirty.add(key);
        }
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
        if (v4.setWant(key, NONE) != NONE) {
            v4Dirty.add(key);
            return true;
        }
        return false;
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
            long key = shapes.key(r.table(), r.priority(), r.dst());
            v4.setHave(key, shapes.intern(r));
            v4Dirty.add(key);
        } else {
            other.dataplanePut(r.key(), r);
        }
    }

    void dataplaneRemove(RouteKey k) {
        if (compact(k)) {
            long key = shapes.key(k);
            v4.setHave(key, NONE);
            v4Dirty.add(key);
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
        long key = shapes.key(r.table(), r.priority(), r.dst());
        int s = shapes.intern(r);
        v4.setHave(key, s);
        if (v4.want(key) == s) {
            v4Dirty.remove(key);
        }
    }

    /** Our own delete succeeded (or found nothing to delete). */
    void appliedDelete(RouteKey k) {
        if (!compact(k)) {
            other.appliedDelete(k);
            return;
        }
        long key = shapes.key(k);
        v4.setHave(key, NONE);
        if (v4.want(key) == NONE) {
            v4Dirty.remove(key);
        }
    }

    void touch(RouteKey k) {
        if (compact(k)) {
            v4Dirty.add(shapes.key(k));
        } else {
            other.touch(k);
        }
    }

    void park(RouteKey k) {
        if (compact(k)) {
            v4Dirty.remove(shapes.key(k));
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
        v4.forEach((key, want, have) -> v4Dirty.add(key));
    }

    // ------------------------------------------------------------------ passes

    int dirtyCount() {
        return v4Dirty.size() + workLeft + other.dirtyCount();
    }

    /**
     * Starts a pass: the dirty IPv4 keys become the pass's work and the dirty set starts empty, so
     * changes arriving during the pass's I/O wait for the next pass, and nothing is ever removed from
     * a half-emptied open-addressing set (removing a million keys one by one, or draining regions of
     * it while others fill up, made clusters long: the route table's top cost at a million routes).
     */
    void beginPass() {
        work = v4Dirty;
        workSlot = 0;
        workLeft = work.size();
        v4Dirty = new LongSet();
        otherTaken = false;
    }

    /** Ends a pass (also a failed one): work not reached stays dirty. */
    void endPass() {
        while (workLeft > 0) {
            v4Dirty.add(takeWork());
        }
        work = new LongSet();
        workSlot = 0;
        v4.trimIfSparse(); // a withdrawn full table gives its 25 MB back
    }

    /**
     * The next piece of this pass's work, or null when the pass's work is done: up to {@code max}
     * of the keys taken at the pass's start, re-checked. Those that agree are done; those to write or
     * delete are returned, and the caller puts back ({@link #touch}) any the kernel rejects; deletes
     * of keys that are not desired are returned only when {@code deleteStale}, otherwise those keys go
     * back to the dirty set.
     */
    DeltaTracker.Pending<Route> nextChunk(int max, boolean deleteStale) {
        if (!otherTaken) {
            otherTaken = true;
            if (other.dirtyCount() > 0) {
                return other.pending(deleteStale);
            }
        }
        if (workLeft == 0) {
            return null;
        }
        int n = Math.min(workLeft, max);
        List<Route> creates = new ArrayList<>();
        List<Route> updates = new ArrayList<>();
        List<Route> deletes = new ArrayList<>();
        int kept = 0;
        for (int c = 0; c < n; c++) {
            long key = takeWork();
            long both = v4.values(key); // one probe of a 25 MB table, not two
            int want = LongPairMap.wantOf(both);
            int have = LongPairMap.haveOf(both);
            if (want != NONE && have == NONE) {
                creates.add(shapes.route(key, want));
            } else if (want != NONE && !shapes.satisfies(want, have)) {
                updates.add(shapes.route(key, want));
            } else if (want == NONE && have != NONE) {
                if (deleteStale) {
                    deletes.add(shapes.route(key, have));
                } else {
                    kept++;
                    v4Dirty.add(key); // stays dirty until the owner's set is complete
                }
            }
        }
        return new DeltaTracker.Pending<>(creates, updates, deletes, kept);
    }

    /**
     * The next member of the pass's work (there is one: {@code workLeft > 0}), in slot order; the
     * member 0, which no slot holds, comes last.
     */
    private long takeWork() {
        int n = work.slotCount();
        while (workSlot < n) {
            long key = work.slot(workSlot++);
            if (key != 0L) {
                workLeft--;
                return key;
            }
        }
        workSlot++;
        workLeft--;
        return 0L;
    }
}
