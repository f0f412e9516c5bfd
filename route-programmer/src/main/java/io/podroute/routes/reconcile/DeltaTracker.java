package io.podroute.routes.reconcile;

import java.util.ArrayList;
import java.util.Collections;
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
 * so a pass costs O(changes), and a full resync marks everything dirty. The one exception is a key
 * the owner {@link #park parks} (work it cannot do now and retries on its own terms): it leaves the
 * dirty set until {@link #touch}, {@link #setDataplane} or a change of its values. Not thread-safe.
 *
 * @param <K> the key (e.g. route key, nexthop id)
 * @param <V> the value; {@code satisfies.test(desired, actual)} decides agreement
 */
public final class DeltaTracker<K, V> {
    private final BiPredicate<V, V> satisfies;
    private final Map<K, V> desired = new HashMap<>();
    private Map<K, V> dataplane = new HashMap<>();
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

    /** Sets one desired value; the key becomes dirty if its value changed. */
    public void putDesired(K key, V value) {
        V old = desired.put(key, value);
        if (old == null || !old.equals(value)) {
            dirty.add(key);
        }
    }

    /** Removes one desired key; it becomes dirty if it was desired. */
    public void removeDesired(K key) {
        if (desired.remove(key) != null) {
            dirty.add(key);
        }
    }

    /**
     * Replaces the whole dataplane view (after a dump); every key becomes dirty. The new map is sized
     * for the desired set too, so a full install does not rehash it as writes land.
     */
    public void setDataplane(Map<K, V> actual) {
        int expected = Math.max(actual.size(), desired.size());
        dataplane = new HashMap<>((int) (expected / 0.75f) + 1);
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
        V want = desired.get(key);
        if (value == want || value.equals(want)) {
            dirty.remove(key);
        }
    }

    /** Marks a key for re-checking on the next {@link #pending}. */
    public void touch(K key) {
        dirty.add(key);
    }

    /**
     * Takes a key out of the next passes although it disagrees: the owner knows the work cannot be
     * done now (e.g. a foreign route holds the key) and will {@link #touch} it when it can.
     */
    public void park(K key) {
        dirty.remove(key);
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

    /** The dataplane's keys (a read-only view). */
    public Set<K> dataplaneKeys() {
        return Collections.unmodifiableSet(dataplane.keySet());
    }

    public int desiredSize() {
        return desired.size();
    }

    public int dataplaneSize() {
        return dataplane.size();
    }

    /**
     * The work a pass has to do: {@code creates} are desired values with nothing in the dataplane,
     * {@code updates} desired values whose dataplane value disagrees.
     */
    public record Pending<V>(List<V> creates, List<V> updates, List<V> deletes, int keptStale) {
        /** Creates and updates together. */
        public List<V> upserts() {
            List<V> all = new ArrayList<>(creates.size() + updates.size());
            all.addAll(creates);
            all.addAll(updates);
            return all;
        }
    }

    /**
     * Re-checks dirty keys and returns the upserts and the deletes. Deletes of keys that are not
     * desired are returned only when {@code deleteStale}; otherwise those keys stay dirty.
     */
    public Pending<V> pending(boolean deleteStale) {
        List<V> creates = new ArrayList<>();
        List<V> updates = new ArrayList<>();
        List<V> deletes = new ArrayList<>();
        List<K> clean = new ArrayList<>();
        int kept = 0;
        for (K k : dirty) {
            V want = desired.get(k);
            V have = dataplane.get(k);
            if (want != null && have == null) {
                creates.add(want);
            } else if (want != null && !satisfies.test(want, have)) {
                updates.add(want);
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
        return new Pending<>(creates, updates, deletes, kept);
    }

    /** Number of keys still to be re-checked. */
    public int dirtyCount() {
        return dirty.size();
    }
}
