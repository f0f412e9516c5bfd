package io.podroute.routes.compact;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A set of {@code long} values without boxing: 8 bytes per slot.
 *
 * <p>Layout and invariants: open addressing with linear probing over a power-of-two table of keys.
 * Key 0 marks a free slot, so the real value 0 is kept in a flag outside the table. Every stored
 * value is reachable from its home slot without crossing a free slot; removal keeps this by
 * shifting later members of the run back (no tombstones). At most three quarters of the slots are
 * used; the table doubles when that would be exceeded and never shrinks.
 *
 * <p>{@link #drainTo} scans downwards from a cursor kept between calls, so draining the whole set
 * in batches costs one pass over the table in total. The table never shrinks, so a drain after a
 * set was large still walks the large table once. Not thread-safe: confine it to one thread.
 * Once sized, {@link #add}, {@link #remove}, {@link #contains} and {@link #drainTo} allocate
 * nothing.
 */
public final class LongSet {
    private static final long EMPTY_KEY = 0L;
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private int mask;
    /** Slots in use in {@code keys} (the value 0 is not counted here). */
    private int used;
    /** Largest {@code used} allowed before the table grows: three quarters of the capacity. */
    private int threshold;
    /** Whether the value 0 is a member. */
    private boolean hasZero;
    /** The next slot {@link #drainTo} looks at; it moves downwards and wraps to the top. */
    private int drainCursor;

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
            rehash(keys.length << 1);
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
        drainCursor = mask;
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
     * set; to modify while iterating, iterate over {@link #toArray()} or use {@link #drainTo}.
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

    /**
     * Removes up to {@code max} members, writing them to {@code out[0..n)}, and returns n, which is
     * {@code min(max, size())}. The members come in no particular order. Calls may be interleaved
     * with other updates. The scan resumes where the previous call stopped, so draining a set in
     * batches of any size costs one pass over the table in total plus the removals: amortised O(n)
     * per call. (Members added behind the cursor meanwhile are found on the next turn.)
     *
     * <p>Not for a set that keeps growing while it is drained: each drain empties a region of the
     * table while adds keep filling the rest, whose local load then goes far past the limit and whose
     * clusters get long. Measured: a million adds with a drain of 1 000 after every 2 000 took 4.2 s,
     * against 57 ms for the adds alone. (The route table swaps in a fresh set per pass instead.)
     *
     * @throws IllegalArgumentException if {@code max} is negative or larger than {@code out.length}
     */
    public int drainTo(long[] out, int max) {
        if (max < 0 || max > out.length) {
            throw new IllegalArgumentException("max " + max + " outside [0, " + out.length + "]");
        }
        int n = 0;
        if (n < max && hasZero) {
            out[n++] = EMPTY_KEY;
            hasZero = false;
        }
        // Slots looked at during this call stay free: a removal at i only moves later members of
        // i's run, which are not yet looked at (the slots just above i were emptied already), into
        // i, which is looked at again, or into other slots not yet looked at. So one full turn
        // finds every member. Going downwards, the slot above i is usually free and the shift
        // moves nothing; going upwards would shift the rest of each cluster once per member.
        long[] k = keys;
        int m = mask;
        int i = drainCursor;
        while (n < max && used > 0) {
            long current = k[i];
            if (current != EMPTY_KEY) {
                out[n++] = current;
                deleteAt(i);
            } else {
                i = (i - 1) & m;
            }
        }
        drainCursor = i;
        return n;
    }

    /** The number of slots in the table; for tests. */
    int capacity() {
        return keys.length;
    }

    /** The home slot hash of a value: murmur3's 64-bit finaliser, so every bit reaches the low bits. */
    static int hash(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** Returns the slot of {@code key}, or {@code ~slot} of the free slot where it would go. */
    private int find(long key) {
        long[] k = keys;
        int m = mask;
        int i = hash(key) & m;
        while (true) {
            long current = k[i];
            if (current == key) {
                return i;
            }
            if (current == EMPTY_KEY) {
                return ~i;
            }
            i = (i + 1) & m;
        }
    }

    /**
     * Frees {@code gap} and shifts back the later members of its run that may move: a member may
     * fill the gap when its home slot is not cyclically within (gap, its slot].
     */
    private void deleteAt(int gap) {
        long[] k = keys;
        int m = mask;
        int i = gap;
        while (true) {
            i = (i + 1) & m;
            long current = k[i];
            if (current == EMPTY_KEY) {
                break;
            }
            int home = hash(current) & m;
            if (((i - home) & m) >= ((i - gap) & m)) {
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
        int m = mask;
        for (long key : old) {
            if (key != EMPTY_KEY) {
                int i = hash(key) & m;
                while (k[i] != EMPTY_KEY) {
                    i = (i + 1) & m;
                }
                k[i] = key;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        mask = capacity - 1;
        threshold = maxUsed(capacity);
        drainCursor = mask;
    }

    private static int maxUsed(int capacity) {
        return (int) ((long) capacity * 3 / 4);
    }

    /** The smallest power of two, at least 16, holding {@code entries} at a load of at most 0.75. */
    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (maxUsed(capacity) < entries) {
            if (capacity >= MAX_CAPACITY) {
                throw new IllegalArgumentException("too many entries for LongSet: " + entries);
            }
            capacity <<= 1;
        }
        return capacity;
    }
}
