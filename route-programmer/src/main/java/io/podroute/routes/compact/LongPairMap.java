package io.podroute.routes.compact;

/**
 * A map from a {@code long} key to two {@code int} values, "want" (desired state) and "have" (what
 * the kernel holds), built to keep a million routes in about 16 bytes of slot each without boxing.
 *
 * <p>Layout and invariants: open addressing with linear probing over a power-of-two table. Slot
 * {@code i} holds {@code keys[i]} and both values packed into {@code values[i]} (want in the high
 * 32 bits, have in the low 32). Key 0 marks a free slot (the value of a free slot is meaningless), so
 * the real key 0 lives outside the table, in {@code zeroValues}. Every stored key is reachable from its home slot
 * without crossing a free slot; deletion keeps this by shifting later members of the run back
 * (no tombstones). An entry exists exactly when its want or its have is not {@link #NONE}. At most
 * three quarters of the slots are used; the table doubles when that would be exceeded.
 *
 * <p>Not thread-safe: confine it to one thread (the route table's loop). Once sized, lookups and
 * updates allocate nothing.
 */
public final class LongPairMap {
    /** The value meaning "absent", for want and for have alike. */
    public static final int NONE = -1;

    private static final long EMPTY_KEY = 0L;
    private static final long EMPTY_VALUES = pack(NONE, NONE);
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private long[] values;
    private int mask;
    /** Slots in use in {@code keys} (the key 0 is not counted here). */
    private int used;
    /** Largest {@code used} allowed before the table grows: three quarters of the capacity. */
    private int threshold;
    /** Want and have of the key 0; {@code EMPTY_VALUES} when it is absent. */
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
        if (expectedEntries < 0) {
            throw new IllegalArgumentException("expectedEntries must not be negative: " + expectedEntries);
        }
        allocate(capacityFor(expectedEntries));
    }

    /** Returns the want of {@code key}, or {@link #NONE} if it has none. */
    public int want(long key) {
        return wantOf(packedValues(key));
    }

    /**
     * Both values of {@code key} from one probe, packed: read them with {@link #wantOf} and {@link
     * #haveOf} (both {@link #NONE} for a missing key).
     */
    public long values(long key) {
        return packedValues(key);
    }

    /** Returns the have of {@code key}, or {@link #NONE} if it has none. */
    public int have(long key) {
        return haveOf(packedValues(key));
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
        int i = 0;
        while (i < keys.length) {
            if (keys[i] != EMPTY_KEY) {
                int want = wantOf(values[i]);
                if (want == NONE) {
                    deleteAt(i);
                    continue;
                }
                values[i] = pack(want, NONE);
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
     * Shrinks the table to the smallest power of two (at least 16) that holds the current entries
     * at a load of at most 0.75. Does nothing if the table is already that size.
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

    /** The home slot hash of a key: murmur3's 64-bit finaliser, so every key bit reaches the low bits. */
    static int hash(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    private int set(long key, int value, boolean isWant) {
        if (key == EMPTY_KEY) {
            long old = zeroValues;
            zeroValues = withValue(old, value, isWant);
            return count(old, zeroValues, isWant);
        }
        int i = find(key);
        if (i < 0) {
            if (value == NONE) {
                return NONE;
            }
            insertAt(~i, key, withValue(EMPTY_VALUES, value, isWant));
            return count(EMPTY_VALUES, withValue(EMPTY_VALUES, value, isWant), isWant);
        }
        long old = values[i];
        long updated = withValue(old, value, isWant);
        if (updated == EMPTY_VALUES) {
            deleteAt(i);
        } else {
            values[i] = updated;
        }
        return count(old, updated, isWant);
    }

    /** Adjusts the want or have counter for one value change; returns the old value. */
    private int count(long old, long updated, boolean isWant) {
        int before = isWant ? wantOf(old) : haveOf(old);
        int after = isWant ? wantOf(updated) : haveOf(updated);
        int delta = (after != NONE ? 1 : 0) - (before != NONE ? 1 : 0);
        if (isWant) {
            wantCount += delta;
        } else {
            haveCount += delta;
        }
        return before;
    }

    private long packedValues(long key) {
        if (key == EMPTY_KEY) {
            return zeroValues;
        }
        int i = find(key);
        return i >= 0 ? values[i] : EMPTY_VALUES;
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

    private void insertAt(int slot, long key, long packed) {
        keys[slot] = key;
        values[slot] = packed;
        if (++used > threshold) {
            rehash(keys.length << 1);
        }
    }

    /**
     * Frees {@code gap} and shifts back the later members of its run that may move: a member may
     * fill the gap when its home slot is not cyclically within (gap, its slot].
     */
    private void deleteAt(int gap) {
        long[] k = keys;
        long[] v = values;
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
        int m = mask;
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key != EMPTY_KEY) {
                int i = hash(key) & m;
                while (k[i] != EMPTY_KEY) {
                    i = (i + 1) & m;
                }
                k[i] = key;
                values[i] = oldValues[j];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        threshold = maxUsed(capacity);
    }

    private static int maxUsed(int capacity) {
        return (int) ((long) capacity * 3 / 4);
    }

    /** The smallest power of two, at least 16, holding {@code entries} at a load of at most 0.75. */
    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (maxUsed(capacity) < entries) {
            if (capacity >= MAX_CAPACITY) {
                throw new IllegalArgumentException("too many entries for LongPairMap: " + entries);
            }
            capacity <<= 1;
        }
        return capacity;
    }

    private static long withValue(long packed, int value, boolean isWant) {
        return isWant ? pack(value, haveOf(packed)) : pack(wantOf(packed), value);
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
