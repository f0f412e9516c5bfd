package io.podroute.bgp.rib;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Interned next hops, reference-counted like {@link AttrTable}. Id 0 ({@link #SELF}) means "this
 * speaker" (locally originated routes) and is never counted or freed.
 *
 * <p>Invariants: {@code byId[id]} and {@code byValue} agree for every live entry; live entries have
 * {@code refs > 0}. Keyed on the whole {@link NextHopAddress} (link-local included), so two paths whose
 * global addresses are equal but link-locals differ get different ids (and count as different next
 * hops in the ECMP set, as they are for forwarding). Not thread-safe: owned by {@link Rib}.
 */
final class NextHopTable {
    static final int SELF = 0;

    private final Map<NextHopAddress, Integer> byValue = new HashMap<>();
    private NextHopAddress[] byId = new NextHopAddress[16];
    private int[] refs = new int[16];
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId = 1;

    int acquire(NextHopAddress nextHop) {
        Integer existing = byValue.get(nextHop);
        int id;
        if (existing != null) {
            id = existing;
        } else {
            id = freeCount > 0 ? freeIds[--freeCount] : nextId++;
            if (id >= byId.length) {
                byId = Arrays.copyOf(byId, byId.length * 2);
                refs = Arrays.copyOf(refs, refs.length * 2);
            }
            byId[id] = nextHop;
            byValue.put(nextHop, id);
        }
        refs[id]++;
        return id;
    }

    void retain(int id) {
        if (id != SELF) {
            refs[id]++;
        }
    }

    void release(int id) {
        if (id != SELF && --refs[id] == 0) {
            byValue.remove(byId[id]);
            byId[id] = null;
            if (freeCount == freeIds.length) {
                freeIds = Arrays.copyOf(freeIds, freeCount * 2);
            }
            freeIds[freeCount++] = id;
        }
    }

    /** The next hop, or null for {@link #SELF}. */
    NextHopAddress get(int id) {
        return byId[id];
    }

    int size() {
        return byValue.size();
    }
}
