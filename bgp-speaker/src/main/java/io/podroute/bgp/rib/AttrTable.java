package io.podroute.bgp.rib;

import io.podroute.bgp.codec.attribute.PathAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The interned attribute sets: one shared {@link AttrSet} per distinct {@link PathAttributes}, found
 * by id from a path and by value when a route arrives, reference-counted so a set no path uses is
 * dropped at once.
 *
 * <p>Invariants: {@code byId[s.id] == s} and {@code byValue.get(s.attributes) == s} for every live set;
 * a live set has {@code refs > 0}; ids of freed sets are reused. Ids start at 1. Not thread-safe:
 * owned by {@link Rib}.
 */
final class AttrTable {
    private final long defaultLocalPref;
    private final Map<PathAttributes, AttrSet> byValue = new HashMap<>();
    private AttrSet[] byId = new AttrSet[16];
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId = 1;

    AttrTable(long defaultLocalPref) {
        this.defaultLocalPref = defaultLocalPref;
    }

    /** The interned set equal to {@code attributes}, created if needed, with one more reference. */
    int acquire(PathAttributes attributes) {
        AttrSet s = byValue.get(attributes);
        if (s == null) {
            int id = freeCount > 0 ? freeIds[--freeCount] : nextId++;
            if (id >= byId.length) {
                byId = Arrays.copyOf(byId, byId.length * 2);
            }
            s = new AttrSet(id, attributes, defaultLocalPref);
            byId[id] = s;
            byValue.put(attributes, s);
        }
        s.refs++;
        return s.id;
    }

    void retain(int id) {
        byId[id].refs++;
    }

    void release(int id) {
        AttrSet s = byId[id];
        if (--s.refs == 0) {
            byValue.remove(s.attributes);
            byId[id] = null;
            if (freeCount == freeIds.length) {
                freeIds = Arrays.copyOf(freeIds, freeCount * 2);
            }
            freeIds[freeCount++] = id;
        }
    }

    /** The interned instance equal to {@code attributes}, or null. */
    PathAttributes find(PathAttributes attributes) {
        AttrSet s = byValue.get(attributes);
        return s == null ? null : s.attributes;
    }

    AttrSet get(int id) {
        return byId[id];
    }

    /** Number of distinct live attribute sets. */
    int size() {
        return byValue.size();
    }
}
