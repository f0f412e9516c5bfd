package io.podroute.routes.compact;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A set of {@code long} values without boxing: 8 bytes per slot.
 *
 * <p>Layout and invariants: open addressing with linear probing over a table of keys whose capacity
 * is one of 16, 24, 32, 48, ... (as {@link LongPairMap}'s: a million members take 1.5 × 2<sup>20</sup>
 * slots, 12.6 MB, not 2<sup>21</sup>).
 * Key 0 marks a free slot, so the real value 0 is kept in a flag outside the table. Every stored
 * value is reachable from its home slot without crossing a free slot; removal keeps this by
 * shifting later members of the run back (no tombstones). At most three quarters of the slots are
 * used; the table grows to the next capacity when that would be exceeded and never shrinks.
 *
 * <p>Removing most members of a large set one by one in slot order costs a shift of the rest of
 * each run per removal: make a fresh set rather than empty a large one. Not thread-safe: confine it to one thread. Once sized, {@link #add}, {@link #remove} and
 * {@link #contains} allocate nothing.
 */
public final class LongSet {
    private static final long EMPTY_KEY = 0L;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    /** Slots in use in {@code keys} (the value 0 is not counted here). */
    private int used;
    /** Largest {@code used} allowed before the table grows: three quarters of the capacity. */
    private int threshold;
    /** Whether the value 0 is a member. */
    private boolean hasZero;

    /** Creates an empty set with the minimum capacity (16 slots). */
    public LongSet() {
        this(0);
    }

    /**
     * Creates an empty set that holds {@code expected} values without growing.
     *
     * @throws IllegalArgumentException if {@code expected} is negative or too large
     */
    public LongSet(int expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected must not be negative: " + expected);
        }
        allocate(capacityFor(expected));
    }

    /** Adds {@code value}; returns true if it was not a member. */
    public boolean add(long value) {
        if (value == EMPTY_KEY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        int i = find(value);
        if (i >= 0) {
            return false;
        }
        keys[~i] = value;
        if (++used > threshold) {
            rehash(OpenAddressing.nextCapacity(keys.length));
        }
        return true;
    }

    /** Removes {@code value}; returns true if it was a member. */
    public boolean remove(long value) {
        if (value == EMPTY_KEY) {
            boolean removed = hasZero;
            hasZero = false;
            return removed;
        }
        int i = find(value);
        if (i < 0) {
            return false;
        }
        deleteAt(i);
        return true;
    }

    /** Returns true if {@code value} is a member. */
    public boolean contains(long value) {
        return value == EMPTY_KEY ? hasZero : find(value) >= 0;
    }

    /** Returns the number of members. */
    public int size() {
        return used + (hasZero ? 1 : 0);
    }

    /** Returns true if the set has no members. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Removes every member, keeping the capacity. */
    public void clear() {
        Arrays.fill(keys, EMPTY_KEY);
        used = 0;
        hasZero = false;
    }

    /** Returns a new array holding every member, in no particular order. */
    public long[] toArray() {
        long[] out = new long[size()];
        int n = 0;
        if (hasZero) {
            out[n++] = EMPTY_KEY;
        }
        for (long k : keys) {
            if (k != EMPTY_KEY) {
                out[n++] = k;
            }
        }
        return out;
    }

    /**
     * Calls {@code action} once per member, in no particular order. The action must not modify the
     * set; to modify while iterating, iterate over {@link #toArray()}.
     */
    public void forEach(LongConsumer action) {
        if (hasZero) {
            action.accept(EMPTY_KEY);
        }
        long[] k = keys;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY_KEY) {
                action.accept(k[i]);
            }
        }
    }

    /** The number of slots in the table; for tests. */
    int capacity() {
        return keys.length;
    }

    /**
     * The home slot of a value in a table of {@code capacity} slots: {@link OpenAddressing}'s hash and
     * fastrange, as in {@link LongPairMap}: slot order is ascending hash order in both classes,
     * whatever their capacities.
     */
    static int home(long key, int capacity) {
        return OpenAddressing.home(OpenAddressing.hash(key), 0, capacity);
    }

    /** Returns the slot of {@code key}, or {@code ~slot} of the free slot where it would go. */
    private int find(long key) {
        long[] k = keys;
        int capacity = k.length;
        int i = home(key, capacity);
        while (true) {
            long current = k[i];
            if (current == key) {
                return i;
            }
            if (current == EMPTY_KEY) {
                return ~i;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * Frees {@code gap} and shifts back the later members of its run that may move: a member may
     * fill the gap when its home slot is not cyclically within (gap, its slot].
     */
    private void deleteAt(int gap) {
        long[] k = keys;
        int capacity = k.length;
        int i = gap;
        while (true) {
            if (++i == capacity) {
                i = 0;
            }
            long current = k[i];
            if (current == EMPTY_KEY) {
                break;
            }
            int home = home(current, capacity);
            if (OpenAddressing.distance(home, i, capacity) >= OpenAddressing.distance(gap, i, capacity)) {
                k[gap] = current;
                gap = i;
            }
        }
        k[gap] = EMPTY_KEY;
        used--;
    }

    private void rehash(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new IllegalStateException("LongSet cannot grow beyond " + MAX_CAPACITY + " slots");
        }
        long[] old = keys;
        allocate(capacity);
        long[] k = keys;
        for (long key : old) {
            if (key != EMPTY_KEY) {
                int i = home(key, capacity);
                while (k[i] != EMPTY_KEY) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                k[i] = key;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        threshold = OpenAddressing.maxUsed(capacity);
    }

    /** The smallest capacity of {@link OpenAddressing}'s sequence holding {@code entries}. */
    static int capacityFor(int entries) {
        return OpenAddressing.capacityFor(entries, MAX_CAPACITY);
    }
}
