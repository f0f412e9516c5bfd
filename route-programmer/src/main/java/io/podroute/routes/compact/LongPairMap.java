package io.podroute.routes.compact;

/**
 * A map from a {@code long} key to two {@code int} values, "want" (desired state) and "have" (what
 * the kernel holds), built to keep a million routes in 16 bytes of slot each without boxing.
 *
 * <p>Layout and invariants: open addressing with linear probing over a table whose capacity is
 * one of 16, 24, 32, 48, 64, 96, ... (2<sup>k</sup> and 3&middot;2<sup>k-1</sup>). Slot {@code i}
 * holds {@code keys[i]} and both values packed into {@code values[i]} (want in the high 32 bits,
 * have in the low 32: one cache line for both). Key 0 marks a free slot (the values of a free slot
 * are meaningless), so the real key 0 lives outside the table, in {@code
 * zeroValues}. A key's home slot is its 32-bit hash scaled to the capacity (fastrange: {@code hash
 * * capacity >>> 32}); a probe moves to the next slot and wraps from the last slot to slot 0. Every
 * stored key is reachable from its home slot without crossing a free slot; deletion keeps this by
 * shifting later members of the run back (no tombstones). An entry exists exactly when its want or
 * its have is not {@link #NONE}. At most three quarters of the slots are used; when that would be
 * exceeded the table grows to the next capacity of the sequence (x1.5 from a power of two, x4/3
 * from 3&middot;2<sup>k-1</sup>).
 *
 * <p>Not thread-safe: confine it to one thread (the route table's loop). Once sized, lookups and
 * updates allocate nothing.
 */
public final class LongPairMap {
    /** The value meaning "absent", for want and for have alike. */
    public static final int NONE = -1;

    private static final long EMPTY_KEY = 0L;
    private static final long EMPTY_VALUES = pack(NONE, NONE);
    /** The largest capacity: an element of the sequence (2<sup>30</sup>). */
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private long[] values;
    /** Slots in use in {@code keys} (the key 0 is not counted here). */
    private int used;
    /** Largest {@code used} allowed before the table grows: three quarters of the capacity. */
    private int threshold;
    /** Want and have of the key 0, packed; {@code EMPTY_VALUES} when it is absent. */
    private long zeroValues = EMPTY_VALUES;

    private int wantCount;
    private int haveCount;

    /** Creates an empty map with the minimum capacity (16 slots). */
    public LongPairMap() {
        this(0);
    }

    /**
     * Creates an empty map that holds {@code expectedEntries} entries without growing.
     *
     * @throws IllegalArgumentException if {@code expectedEntries} is negative or too large
     */
    public LongPairMap(int expectedEntries) {
        this(expectedEntries, 0);
    }

    /**
     * A shard of a {@link ShardedLongPairMap}: every key it receives has the same top {@code
     * shardBits} bits of {@link #hash}, so homes come from the hash bits below them.
     */
    LongPairMap(int expectedEntries, int shardBits) {
        if (expectedEntries < 0) {
            throw new IllegalArgumentException("expectedEntries must not be negative: " + expectedEntries);
        }
        if (shardBits < 0 || shardBits > 16) {
            throw new IllegalArgumentException("shardBits " + shardBits);
        }
        this.shardBits = shardBits;
        allocate(capacityFor(expectedEntries));
    }

    /** Top bits of the hash that are the same for every key here (0 unless a shard). */
    private final int shardBits;

    /** The home slot of {@code key} in this map as it is now; for tests. */
    int homeOf(long key) {
        return homeHere(key, keys.length);
    }

    /** The home slot of {@code key} here: fastrange of its hash without the shard bits. */
    private int homeHere(long key, int capacity) {
        return OpenAddressing.home(OpenAddressing.hash(key), shardBits, capacity);
    }

    /** Returns the want of {@code key}, or {@link #NONE} if it has none. */
    public int want(long key) {
        if (key == EMPTY_KEY) {
            return wantOf(zeroValues);
        }
        int i = find(key);
        return i >= 0 ? wantOf(values[i]) : NONE;
    }

    /**
     * Both values of {@code key} from one probe, packed: read them with {@link #wantOf} and {@link
     * #haveOf} (both {@link #NONE} for a missing key).
     */
    public long values(long key) {
        if (key == EMPTY_KEY) {
            return zeroValues;
        }
        int i = find(key);
        return i >= 0 ? values[i] : EMPTY_VALUES;
    }

    /** Returns the have of {@code key}, or {@link #NONE} if it has none. */
    public int have(long key) {
        if (key == EMPTY_KEY) {
            return haveOf(zeroValues);
        }
        int i = find(key);
        return i >= 0 ? haveOf(values[i]) : NONE;
    }

    /**
     * Sets the want of {@code key}; {@link #NONE} clears it, and removes the entry if its have is
     * {@link #NONE} too. Clearing a missing key does nothing.
     *
     * @return the previous want, or {@link #NONE}
     */
    public int setWant(long key, int value) {
        return set(key, value, true);
    }

    /**
     * Sets the have of {@code key}; {@link #NONE} clears it, and removes the entry if its want is
     * {@link #NONE} too. Clearing a missing key does nothing.
     *
     * @return the previous have, or {@link #NONE}
     */
    public int setHave(long key, int value) {
        return set(key, value, false);
    }

    /** Returns the number of entries, i.e. keys with a want or a have. */
    public int size() {
        return used + (zeroValues != EMPTY_VALUES ? 1 : 0);
    }

    /** Returns the number of keys whose want is set. */
    public int wantCount() {
        return wantCount;
    }

    /** Returns the number of keys whose have is set. */
    public int haveCount() {
        return haveCount;
    }

    /**
     * Sets every have to {@link #NONE}, removing the entries that are left with no want. Costs one
     * pass over the table.
     */
    public void clearHave() {
        if (haveCount == 0) {
            return;
        }
        zeroValues = pack(wantOf(zeroValues), NONE);
        // Forward scan. A removal at i only moves later members of i's run into i (looked at again)
        // or into slots not yet scanned; a member that wraps from the front of the table to its end
        // was scanned already and is scanned again harmlessly (its have is NONE, its want is set).
        long[] k = keys;
        long[] v = values;
        int i = 0;
        while (i < k.length) {
            if (k[i] != EMPTY_KEY) {
                int want = wantOf(v[i]);
                if (want == NONE) {
                    deleteAt(i);
                    continue;
                }
                v[i] = pack(want, NONE);
            }
            i++;
        }
        haveCount = 0;
    }

    /** Receives one entry of {@link #forEach}. */
    public interface Visitor {
        /**
         * Called once per entry; {@code want} or {@code have} may be {@link #NONE}, never both.
         * Must not modify the map.
         */
        void visit(long key, int want, int have);
    }

    /**
     * Calls {@code visitor} once for every entry, in no particular order. The visitor must not
     * modify the map (the result would be undefined); to modify while iterating, iterate over
     * {@link #keys()}.
     */
    public void forEach(Visitor visitor) {
        if (zeroValues != EMPTY_VALUES) {
            visitor.visit(EMPTY_KEY, wantOf(zeroValues), haveOf(zeroValues));
        }
        long[] k = keys;
        long[] v = values;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY_KEY) {
                visitor.visit(k[i], wantOf(v[i]), haveOf(v[i]));
            }
        }
    }

    /** Returns a new array holding every key, in no particular order: a snapshot safe to iterate. */
    public long[] keys() {
        long[] out = new long[size()];
        int n = 0;
        if (zeroValues != EMPTY_VALUES) {
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
     * Shrinks the table to the smallest capacity of the sequence (16, 24, 32, 48, ...) that holds
     * the current entries at a load of at most 0.75. Does nothing if the table is already that size.
     */
    public void trimToSize() {
        int capacity = capacityFor(used);
        if (capacity < keys.length) {
            rehash(capacity);
        }
    }

    /** The number of slots in the table (16 bytes each). */
    public int capacity() {
        return keys.length;
    }

    /**
     * {@link #trimToSize()} when at most an eighth of the slots are used: after a mass removal (a
     * withdrawn full table), not after every small one (a shrink costs a rehash). Returns whether it
     * shrank.
     */
    public boolean trimIfSparse() {
        if (keys.length > 1024 && size() < keys.length / 8) {
            trimToSize();
            return true;
        }
        return false;
    }

    /** {@link OpenAddressing#hash}. */
    static int hash(long key) {
        return OpenAddressing.hash(key);
    }

    /** The home slot of {@code key} in an unsharded table of {@code capacity} slots. */
    static int home(long key, int capacity) {
        return OpenAddressing.home(OpenAddressing.hash(key), 0, capacity);
    }

    private int set(long key, int value, boolean isWant) {
        if (key == EMPTY_KEY) {
            long old = zeroValues;
            zeroValues = isWant ? pack(value, haveOf(old)) : pack(wantOf(old), value);
            int before = isWant ? wantOf(old) : haveOf(old);
            count(before, value, isWant);
            return before;
        }
        int i = find(key);
        if (i < 0) {
            if (value != NONE) {
                insertAt(~i, key, isWant ? value : NONE, isWant ? NONE : value);
                count(NONE, value, isWant);
            }
            return NONE;
        }
        long old = values[i];
        int before = isWant ? wantOf(old) : haveOf(old);
        long updated = isWant ? pack(value, haveOf(old)) : pack(wantOf(old), value);
        if (updated == EMPTY_VALUES) {
            deleteAt(i);
        } else {
            values[i] = updated;
        }
        count(before, value, isWant);
        return before;
    }

    /** Adjusts the want or have counter for one value change. */
    private void count(int before, int after, boolean isWant) {
        int delta = (after != NONE ? 1 : 0) - (before != NONE ? 1 : 0);
        if (isWant) {
            wantCount += delta;
        } else {
            haveCount += delta;
        }
    }

    /** Returns the slot of {@code key}, or {@code ~slot} of the free slot where it would go. */
    private int find(long key) {
        long[] k = keys;
        int capacity = k.length;
        int i = homeHere(key, capacity);
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

    private void insertAt(int slot, long key, int want, int have) {
        keys[slot] = key;
        values[slot] = pack(want, have);
        if (++used > threshold) {
            rehash(nextCapacity(keys.length));
        }
    }

    /**
     * Frees {@code gap} and shifts back the later members of its run that may move: a member may
     * fill the gap when its home slot is not cyclically within (gap, its slot].
     */
    private void deleteAt(int gap) {
        long[] k = keys;
        long[] v = values;
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
            int home = homeHere(current, capacity);
            if (OpenAddressing.distance(home, i, capacity) >= OpenAddressing.distance(gap, i, capacity)) {
                k[gap] = current;
                v[gap] = v[i];
                gap = i;
            }
        }
        k[gap] = EMPTY_KEY;
        used--;
    }

    private void rehash(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new IllegalStateException("LongPairMap cannot grow beyond " + MAX_CAPACITY + " slots");
        }
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(capacity);
        long[] k = keys;
        long[] v = values;
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key != EMPTY_KEY) {
                int i = homeHere(key, capacity);
                while (k[i] != EMPTY_KEY) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                k[i] = key;
                v[i] = oldValues[j];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        threshold = OpenAddressing.maxUsed(capacity);
    }

    /** {@link OpenAddressing#nextCapacity}; may exceed {@link #MAX_CAPACITY}. */
    static int nextCapacity(int capacity) {
        return OpenAddressing.nextCapacity(capacity);
    }

    /** The smallest capacity of the sequence 16, 24, 32, 48, ... holding {@code entries}. */
    static int capacityFor(int entries) {
        return OpenAddressing.capacityFor(entries, MAX_CAPACITY);
    }

    private static long pack(int want, int have) {
        return ((long) want << 32) | (have & 0xFFFF_FFFFL);
    }

    /** The want of a {@link #values} result. */
    public static int wantOf(long packed) {
        return (int) (packed >>> 32);
    }

    /** The have of a {@link #values} result. */
    public static int haveOf(long packed) {
        return (int) packed;
    }
}
