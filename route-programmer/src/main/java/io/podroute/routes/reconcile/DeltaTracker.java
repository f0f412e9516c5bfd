package io.podroute.routes.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Desired state versus what the dataplane holds, keyed by K; the pending work is the set of dirty
 * keys whose desired and actual values disagree.
 *
 * <p>Invariant: every key whose desired and dataplane values might disagree is in {@code dirty}.
 * Setters mark keys dirty; {@link #pending} re-checks only dirty keys and clears those that agree,
 * so a pass costs O(changes), and a full resync marks everything dirty. Not thread-safe.
 *
 * @param <K> the key (e.g. route key, nexthop id)
 * @param <V> the value; {@code satisfies.test(desired, actual)} decides agreement
 */
public final class DeltaTracker<K, V> {
    private final BiPredicate<V, V> satisfies;
    private final Map<K, V> desired = new HashMap<>();
    private final Map<K, V> dataplane = new HashMap<>();
    private final Set<K> dirty = new HashSet<>();

    public DeltaTracker(BiPredicate<V, V> satisfies) {
        this.satisfies = satisfies;
    }

    /** Replaces the desired set; keys that changed or left become dirty. */
    public void setDesired(Map<K, V> next) {
        for (Map.Entry<K, V> e : desired.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                dirty.add(e.getKey());
            }
        }
        for (Map.Entry<K, V> e : next.entrySet()) {
            V old = desired.get(e.getKey());
            if (old == null || !old.equals(e.getValue())) {
                dirty.add(e.getKey());
            }
        }
        desired.clear();
        desired.putAll(next);
    }

    /** Replaces the whole dataplane view (after a dump); every key becomes dirty. */
    public void setDataplane(Map<K, V> actual) {
        dataplane.clear();
        dataplane.putAll(actual);
        dirty.addAll(dataplane.keySet());
        dirty.addAll(desired.keySet());
    }

    /** Records one dataplane change (from our own write or a monitor event). */
    public void dataplanePut(K key, V value) {
        dataplane.put(key, value);
        dirty.add(key);
    }

    public void dataplaneRemove(K key) {
        dataplane.remove(key);
        dirty.add(key);
    }

    /** Our own write of {@code value} succeeded: the key is in sync, no re-check needed. */
    public void applied(K key, V value) {
        dataplane.put(key, value);
        if (value.equals(desired.get(key))) {
            dirty.remove(key);
        }
    }

    /** Our own delete succeeded (or found nothing to delete). */
    public void appliedDelete(K key) {
        dataplane.remove(key);
        if (!desired.containsKey(key)) {
            dirty.remove(key);
        }
    }

    public V desired(K key) {
        return desired.get(key);
    }

    public V dataplane(K key) {
        return dataplane.get(key);
    }

    public int desiredSize() {
        return desired.size();
    }

    public int dataplaneSize() {
        return dataplane.size();
    }

    /** The work a pass has to do. */
    public record Pending<V>(List<V> upserts, List<V> deletes, int keptStale) {}

    /**
     * Re-checks dirty keys and returns the upserts and the deletes. Deletes of keys that are not
     * desired are returned only when {@code deleteStale}; otherwise those keys stay dirty.
     */
    public Pending<V> pending(boolean deleteStale) {
        List<V> upserts = new ArrayList<>();
        List<V> deletes = new ArrayList<>();
        List<K> clean = new ArrayList<>();
        int kept = 0;
        for (K k : dirty) {
            V want = desired.get(k);
            V have = dataplane.get(k);
            if (want != null && (have == null || !satisfies.test(want, have))) {
                upserts.add(want);
            } else if (want == null && have != null) {
                if (deleteStale) {
                    deletes.add(have);
                } else {
                    kept++;
                }
            } else {
                clean.add(k);
            }
        }
        clean.forEach(dirty::remove);
        return new Pending<>(upserts, deletes, kept);
    }

    /** Number of keys still to be re-checked. */
    public int dirtyCount() {
        return dirty.size();
    }
}
