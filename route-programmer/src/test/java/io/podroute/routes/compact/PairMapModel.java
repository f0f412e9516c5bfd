package io.podroute.routes.compact;

import static io.podroute.routes.compact.LongPairMap.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code HashMap} model of {@link LongPairMap} and {@link ShardedLongPairMap} for the property
 * tests: key → {want, have, dirty}, with the dirty rules of {@link LongPairMap}'s class comment
 * written out the plain way.
 */
final class PairMapModel {
    private static final int WANT = 0;
    private static final int HAVE = 1;
    private static final int DIRTY = 2;

    final Map<Long, int[]> entries = new HashMap<>();

    int setWant(long key, int value) {
        int[] e = entry(key, value);
        if (e == null) {
            return NONE;
        }
        int before = put(key, e, WANT, value);
        if (before != value) {
            e[DIRTY] = 1;
        }
        return before;
    }

    int setHave(long key, int value) {
        int[] e = entry(key, value);
        if (e == null) {
            return NONE;
        }
        int before = put(key, e, HAVE, value);
        e[DIRTY] = 1;
        return before;
    }

    int settle(long key, int value) {
        int[] e = entry(key, value);
        if (e == null) {
            return NONE;
        }
        int before = put(key, e, HAVE, value);
        e[DIRTY] = e[WANT] == value ? 0 : 1;
        return before;
    }

    /** The entry of {@code key}, made if missing and {@code value} is not NONE; else null. */
    private int[] entry(long key, int value) {
        int[] e = entries.get(key);
        if (e == null && value != NONE) {
            e = new int[] {NONE, NONE, 0};
            entries.put(key, e);
        }
        return e;
    }

    private int put(long key, int[] e, int which, int value) {
        int before = e[which];
        e[which] = value;
        if (e[WANT] == NONE && e[HAVE] == NONE) {
            entries.remove(key); // its flag goes with it
        }
        return before;
    }

    boolean markDirty(long key) {
        int[] e = entries.get(key);
        if (e != null) {
            e[DIRTY] = 1;
        }
        return e != null;
    }

    void clearDirty(long key) {
        int[] e = entries.get(key);
        if (e != null) {
            e[DIRTY] = 0;
        }
    }

    void markAllDirty() {
        entries.values().forEach(e -> e[DIRTY] = 1);
    }

    void clearHave() {
        entries.values().forEach(e -> e[HAVE] = NONE);
        entries.values().removeIf(e -> e[WANT] == NONE);
    }

    int want(long key) {
        int[] e = entries.get(key);
        return e == null ? NONE : e[WANT];
    }

    int have(long key) {
        int[] e = entries.get(key);
        return e == null ? NONE : e[HAVE];
    }

    boolean isDirty(long key) {
        int[] e = entries.get(key);
        return e != null && e[DIRTY] == 1;
    }

    int size() {
        return entries.size();
    }

    Set<Long> dirtyKeys() {
        Set<Long> out = new HashSet<>();
        entries.forEach((k, e) -> {
            if (e[DIRTY] == 1) {
                out.add(k);
            }
        });
        return out;
    }

    /** Counts, values and dirty flags of every key of {@code probes}, and the walk over the dirty entries. */
    void assertMatches(LongPairMap map, long[] probes) {
        assertEquals(size(), map.size());
        assertEquals(entries.values().stream().filter(e -> e[WANT] != NONE).count(), map.wantCount());
        assertEquals(entries.values().stream().filter(e -> e[HAVE] != NONE).count(), map.haveCount());
        assertEquals(dirtyKeys().size(), map.dirtyCount());
        for (long key : probes) {
            assertEquals(want(key), map.want(key));
            assertEquals(have(key), map.have(key));
            assertEquals(isDirty(key), map.isDirty(key), () -> "dirty flag of " + key);
        }
        assertEquals(dirtyKeys(), walk(map));
    }

    /** {@link #assertMatches(LongPairMap, long[])} for the sharded map. */
    void assertMatches(ShardedLongPairMap map, long[] probes) {
        assertEquals(size(), map.size());
        assertEquals(entries.values().stream().filter(e -> e[WANT] != NONE).count(), map.wantCount());
        assertEquals(entries.values().stream().filter(e -> e[HAVE] != NONE).count(), map.haveCount());
        assertEquals(dirtyKeys().size(), map.dirtyCount());
        for (long key : probes) {
            assertEquals(want(key), map.want(key));
            assertEquals(have(key), map.have(key));
            assertEquals(isDirty(key), map.isDirty(key), () -> "dirty flag of " + key);
        }
        assertEquals(dirtyKeys(), walk(map));
    }

    /**
     * The keys met by a walk over a round of work (the dirty entries, snapshotted by {@code
     * beginWork}, as a pass walks them); each at most once, dirty, with its own values.
     */
    static Set<Long> walk(LongPairMap map) {
        Set<Long> out = new HashSet<>();
        int last = -1;
        map.beginWork();
        for (int at = map.nextWorkSlot(0); at >= 0; at = map.nextWorkSlot(at + 1)) {
            assertTrue(at > last && at <= map.capacity(), "position " + at);
            last = at;
            assertTrue(map.takeWorkAt(at), "a work flag on a clean entry");
            long key = map.keyAt(at);
            assertTrue(out.add(key), () -> "met twice: " + key);
            assertEquals(map.values(key), map.valuesAt(at));
        }
        assertEquals(0, map.workCount());
        map.endWork();
        return out;
    }

    /** {@link #walk(LongPairMap)} for the sharded map. */
    static Set<Long> walk(ShardedLongPairMap map) {
        Set<Long> out = new HashSet<>();
        long last = -1;
        map.beginWork();
        for (long at = map.nextWork(0); at >= 0; at = map.nextWork(at + 1)) {
            assertTrue(at > last, "position " + at);
            last = at;
            assertTrue(map.takeWorkAt(at), "a work flag on a clean entry");
            long key = map.keyAt(at);
            assertTrue(out.add(key), () -> "met twice: " + key);
            assertEquals(map.values(key), map.valuesAt(at));
        }
        assertEquals(0, map.workCount());
        map.endWork();
        return out;
    }
}
