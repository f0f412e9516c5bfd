package io.podroute.routes.compact;

import java.util.Arrays;

/**
 * A map from a {@code long} key to two {@code int} values, "want" (desired state) and "have" (what
 * the kernel holds), and a dirty flag (the entry needs a look: want and have may disagree), built to
 * keep a million routes in 16 bytes and one bit of slot each without boxing.
 *
 * <p>Layout and invariants: open addressing with linear probing over a table whose capacity is
 * one of 16, 24, 32, 48, 64, 96, ... (2<sup>k</sup> and 3&middot;2<sup>k-1</sup>). Slot {@code i}
 * holds its key in {@code slots[2i]} and both values packed into {@code slots[2i + 1]} (want in the
 * high 32 bits, have in the low 32): key and values in one cache line. Key 0 marks a free slot (the values of a free slot
 * are meaningless), so the real key 0 lives outside the table, in {@code
 * zeroValues}. A key's home slot is its 32-bit hash scaled to the capacity (fastrange: {@code hash
 * * capacity >>> 32}); a probe moves to the next slot and wraps from the last slot to slot 0. Every
 * stored key is reachable from its home slot without crossing a free slot; deletion keeps this by
 * shifting later members of the run back (no tombstones). An entry exists exactly when its want or
 * its have is not {@link #NONE}. At most three quarters of the slots are used; when that would be
 * exceeded the table grows to the next capacity of the sequence (x1.5 from a power of two, x4/3
 * from 3&middot;2<sup>k-1</sup>).
 *
 * <p>Dirty flags: one bit per slot in {@code dirty} (bit {@code i & 63} of word {@code i >>> 6}),
 * moved with its entry by deletion shifts and rehashes; a free slot's bit is clear; the key 0's flag
 * is {@code zeroDirty}; {@code dirtyCount} counts the set flags. {@link #setWant} marks an entry
 * dirty when its want changes, {@link #setHave} whenever it is called, {@link #settle} cleans it when
 * want and have are equal; a removed entry takes its flag with it. The flags replace a separate set
 * of dirty keys: a bit in a table of 1/128 the map's size instead of a probe into a second table
 * of 8 bytes a key. Work flags ({@link #beginWork}), a second bitmap kept the same way, snapshot the
 * dirty flags for a round of work (the route table's pass) that walks them in slot order.
 *
 * <p>Not thread-safe: confine it to one thread (the route table's loop). Once sized, lookups and
 * updates allocate nothing.
 */
public final class LongPairMap {
    /** The value meaning "absent", for want and for have alike. */
    public static final int NONE = -1;

    private static final long EMPTY_KEY = 0L;
    private static final long EMPTY_VALUES = pack(NONE, NONE);
    /**
     * The largest capacity: an element of the sequence (2<sup>29</sup>: twice that many {@code long}s
     * must still be an array).
     */
    private static final int MAX_CAPACITY = 1 << 29;

    /**
     * The slots, interleaved: slot {@code i}'s key at {@code 2i} and its packed values at {@code 2i +
     * 1}, so that a look-up's probe and its read or write of the values touch one cache line, not
     * one in a key array and another in a value array.
     */
    private long[] slots;
    /** The number of slots ({@code slots.length / 2}). */
    private int capacity;
    /** Slots in use (the key 0 is not counted here). */
    private int used;
    /** Largest {@code used} allowed before the table grows: three quarters of the capacity. */
    private int threshold;
    /** Want and have of the key 0, packed; {@code EMPTY_VALUES} when it is absent. */
    private long zeroValues = EMPTY_VALUES;

    private int wantCount;
    private int haveCount;

    /** One dirty flag per slot, see the class comment. */
    private long[] dirty;
    /** Set flags, {@code zeroDirty} included. */
    private int dirtyCount;
    /** The dirty flag of the key 0 (meaningful only while it is present). */
    private boolean zeroDirty;

    /**
     * Work flags, laid out and moved like {@code dirty}: the entries that were dirty at {@link
     * #beginWork} and have not been taken ({@link #takeWorkAt}) since. A free slot's bit is clear.
     */
    private long[] work;
    /** Set work flags, {@code zeroWork} included. */
    private int workCount;
    /** The work flag of the key 0. */
    private boolean zeroWork;

    /** {@link #set} modes: what the change does to the entry's dirty flag. */
    private static final int MARK_IF_CHANGED = 0;

    private static final int MARK = 1;
    private static final int SETTLE = 2;

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
        return homeHere(key, capacity);
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
        return i >= 0 ? wantOf(slots[2 * i + 1]) : NONE;
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
        return i >= 0 ? slots[2 * i + 1] : EMPTY_VALUES;
    }

    /** Returns the have of {@code key}, or {@link #NONE} if it has none. */
    public int have(long key) {
        if (key == EMPTY_KEY) {
            return haveOf(zeroValues);
        }
        int i = find(key);
        return i >= 0 ? haveOf(slots[2 * i + 1]) : NONE;
    }

    /**
     * Sets the want of {@code key}; {@link #NONE} clears it, and removes the entry if its have is
     * {@link #NONE} too. Clearing a missing key does nothing. An entry whose want changed and that
     * remains is dirty afterwards.
     *
     * @return the previous want, or {@link #NONE}
     */
    public int setWant(long key, int value) {
        return set(key, value, true, MARK_IF_CHANGED);
    }

    /**
     * Sets the have of {@code key}; {@link #NONE} clears it, and removes the entry if its want is
     * {@link #NONE} too. Clearing a missing key does nothing. The entry, if it remains, is dirty
     * afterwards (changed or not: news of the kernel always deserves a look).
     *
     * @return the previous have, or {@link #NONE}
     */
    public int setHave(long key, int value) {
        return set(key, value, false, MARK);
    }

    /**
     * Sets the have of {@code key} after a write of ours took effect: the entry, if it remains, is
     * clean afterwards when its want equals {@code value}, and dirty otherwise (the want moved on
     * while the write was on its way).
     *
     * @return the previous have, or {@link #NONE}
     */
    public int settle(long key, int value) {
        return set(key, value, false, SETTLE);
    }

    /** Marks {@code key} dirty; returns false (and does nothing) if it is not in the map. */
    public boolean markDirty(long key) {
        if (key == EMPTY_KEY) {
            if (zeroValues == EMPTY_VALUES) {
                return false;
            }
            markZero();
            return true;
        }
        int i = find(key);
        if (i < 0) {
            return false;
        }
        markAt(i);
        return true;
    }

    /** Marks {@code key} clean (a missing key: nothing to do). */
    public void clearDirty(long key) {
        if (key == EMPTY_KEY) {
            clearZero();
            return;
        }
        int i = find(key);
        if (i >= 0) {
            clearDirtyAt(i);
        }
    }

    /** Whether {@code key} is in the map and dirty. */
    public boolean isDirty(long key) {
        if (key == EMPTY_KEY) {
            return zeroValues != EMPTY_VALUES && zeroDirty;
        }
        int i = find(key);
        return i >= 0 && isDirtyAt(i);
    }

    /** Marks every entry dirty (after the kernel's view was re-read). */
    public void markAllDirty() {
        long[] t = slots;
        for (int i = 0; i < capacity; i++) {
            if (t[2 * i] != EMPTY_KEY) {
                dirty[i >>> 6] |= 1L << i;
            }
        }
        dirtyCount = used;
        zeroDirty = zeroValues != EMPTY_VALUES;
        if (zeroDirty) {
            dirtyCount++;
        }
    }

    /** The number of dirty entries. */
    public int dirtyCount() {
        return dirtyCount;
    }

    /** The key at a position of {@link #nextWorkSlot}. */
    public long keyAt(int slot) {
        return slot == capacity ? EMPTY_KEY : slots[2 * slot];
    }

    /** Both values, packed, at a position of {@link #nextWorkSlot}. */
    public long valuesAt(int slot) {
        return slot == capacity ? zeroValues : slots[2 * slot + 1];
    }

    /**
     * Starts a round of work: every dirty entry gets a work flag, which moves with its entry like the
     * dirty flag. Unlike a walk over the dirty flags, a walk over the work flags ({@link
     * #nextWorkSlot}) cannot lose an entry that a change moves behind it: the entry keeps its flag,
     * {@link #workCount} stays above 0, and a walk from slot 0 finds it.
     */
    public void beginWork() {
        System.arraycopy(dirty, 0, work, 0, dirty.length);
        zeroWork = zeroDirty && zeroValues != EMPTY_VALUES;
        workCount = dirtyCount;
    }

    /** Ends the round of work: clears the work flags left. */
    public void endWork() {
        if (workCount > 0) {
            Arrays.fill(work, 0L);
        }
        zeroWork = false;
        workCount = 0;
    }

    /** Entries that still have a work flag. */
    public int workCount() {
        return workCount;
    }

    /**
     * The first position at or after {@code from} that has a work flag, in slot order, or -1 if there
     * is none. The positions are the slots {@code 0 .. capacity() - 1} and then {@code capacity()},
     * which stands for the key 0. Read the entry with {@link #keyAt} and {@link #valuesAt}; a change
     * of the map may move entries (positions are not stable across {@link #setWant}/{@link
     * #setHave}), and their work flags with them.
     */
    public int nextWorkSlot(int from) {
        if (from < 0) {
            throw new IllegalArgumentException("from " + from);
        }
        if (workCount == 0) {
            return -1;
        }
        if (from < capacity) {
            int w = from >>> 6;
            long word = work[w] & (-1L << from);
            while (true) {
                if (word != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(word);
                }
                if (++w == work.length) {
                    break;
                }
                word = work[w];
            }
        }
        return from <= capacity && zeroWork ? capacity : -1;
    }

    /**
     * Clears the work flag at a position of {@link #nextWorkSlot} and returns whether the entry there
     * is dirty (it may have been cleaned since the round began).
     */
    public boolean takeWorkAt(int slot) {
        if (slot == capacity) {
            if (zeroWork) {
                zeroWork = false;
                workCount--;
            }
            return zeroDirty;
        }
        long bit = 1L << slot;
        if ((work[slot >>> 6] & bit) != 0) {
            work[slot >>> 6] &= ~bit;
            workCount--;
        }
        return isDirtyAt(slot);
    }

    /** Marks the entry at a position of {@link #nextWorkSlot} clean. */
    public void clearDirtyAt(int slot) {
        if (slot == capacity) {
            clearZero();
        } else if (isDirtyAt(slot)) {
            dirty[slot >>> 6] &= ~(1L << slot);
            dirtyCount--;
        }
    }

    private boolean isDirtyAt(int slot) {
        return (dirty[slot >>> 6] & (1L << slot)) != 0;
    }

    private void markAt(int slot) {
        if (slot == capacity) {
            markZero();
        } else if (!isDirtyAt(slot)) {
            dirty[slot >>> 6] |= 1L << slot;
            dirtyCount++;
        }
    }

    private void markZero() {
        if (!zeroDirty) {
            zeroDirty = true;
            dirtyCount++;
        }
    }

    /** The key 0's entry is gone: so are its flags. */
    private void zeroGone() {
        clearZero();
        if (zeroWork) {
            zeroWork = false;
            workCount--;
        }
    }

    private void clearZero() {
        if (zeroDirty) {
            zeroDirty = false;
            dirtyCount--;
        }
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
     * Sets every have to {@link #NONE}, removing the entries that are left with no want (the others
     * keep their dirty flags). Costs one pass over the table.
     */
    public void clearHave() {
        if (haveCount == 0) {
            return;
        }
        zeroValues = pack(wantOf(zeroValues), NONE);
        if (zeroValues == EMPTY_VALUES) {
            zeroGone();
        }
        // Forward scan. A removal at i only moves later members of i's run into i (looked at again)
        // or into slots not yet scanned; a member that wraps from the front of the table to its end
        // was scanned already and is scanned again harmlessly (its have is NONE, its want is set).
        long[] t = slots;
        int i = 0;
        while (i < capacity) {
            if (t[2 * i] != EMPTY_KEY) {
                int want = wantOf(t[2 * i + 1]);
                if (want == NONE) {
                    deleteAt(i);
                    continue;
                }
                t[2 * i + 1] = pack(want, NONE);
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
        long[] t = slots;
        for (int i = 0; i < capacity; i++) {
            if (t[2 * i] != EMPTY_KEY) {
                visitor.visit(t[2 * i], wantOf(t[2 * i + 1]), haveOf(t[2 * i + 1]));
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
        for (int i = 0; i < capacity; i++) {
            if (slots[2 * i] != EMPTY_KEY) {
                out[n++] = slots[2 * i];
            }
        }
        return out;
    }

    /**
     * Shrinks the table to the smallest capacity of the sequence (16, 24, 32, 48, ...) that holds
     * the current entries at a load of at most 0.75. Does nothing if the table is already that size.
     */
    public void trimToSize() {
        int fitting = capacityFor(used);
        if (fitting < capacity) {
            rehash(fitting);
        }
    }

    /** The number of slots in the table (16 bytes each). */
    public int capacity() {
        return capacity;
    }

    /**
     * {@link #trimToSize()} when at most an eighth of the slots are used: after a mass removal (a
     * withdrawn full table), not after every small one (a shrink costs a rehash). Returns whether it
     * shrank.
     */
    public boolean trimIfSparse() {
        if (capacity > 1024 && size() < capacity / 8) {
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

    private int set(long key, int value, boolean isWant, int mode) {
        if (key == EMPTY_KEY) {
            long old = zeroValues;
            zeroValues = isWant ? pack(value, haveOf(old)) : pack(wantOf(old), value);
            int before = isWant ? wantOf(old) : haveOf(old);
            count(before, value, isWant);
            if (zeroValues == EMPTY_VALUES) {
                zeroGone();
            } else {
                flagAfter(capacity, mode, before, value, zeroValues);
            }
            return before;
        }
        int i = find(key);
        if (i < 0) {
            if (value != NONE) {
                // a new entry: want and have differ (one is NONE), so every mode marks it
                slots[2 * ~i] = key;
                slots[2 * ~i + 1] = isWant ? pack(value, NONE) : pack(NONE, value);
                markAt(~i);
                count(NONE, value, isWant);
                if (++used > threshold) {
                    rehash(nextCapacity(capacity));
                }
            }
            return NONE;
        }
        long old = slots[2 * i + 1];
        int before = isWant ? wantOf(old) : haveOf(old);
        long updated = isWant ? pack(value, haveOf(old)) : pack(wantOf(old), value);
        count(before, value, isWant);
        if (updated == EMPTY_VALUES) {
            deleteAt(i);
            return before;
        }
        slots[2 * i + 1] = updated;
        flagAfter(i, mode, before, value, updated);
        return before;
    }

    /**
     * Sets or clears the dirty flag at position {@code at} (a slot, or {@code capacity} for the key 0)
     * after a {@link #set} in {@code mode} changed a value from {@code before} to {@code value},
     * leaving the entry's values {@code updated}.
     */
    private void flagAfter(int at, int mode, int before, int value, long updated) {
        if (mode == MARK
                || (mode == MARK_IF_CHANGED && before != value)
                || (mode == SETTLE && wantOf(updated) != value)) {
            markAt(at);
        } else if (mode == SETTLE) {
            clearDirtyAt(at);
        }
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
        long[] t = slots;
        int capacity = this.capacity;
        int i = homeHere(key, capacity);
        while (true) {
            long current = t[2 * i];
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
        clearDirtyAt(gap);
        if ((work[gap >>> 6] & (1L << gap)) != 0) {
            work[gap >>> 6] &= ~(1L << gap);
            workCount--;
        }
        long[] t = slots;
        long[] d = dirty;
        long[] wk = work;
        int capacity = this.capacity;
        int i = gap;
        while (true) {
            if (++i == capacity) {
                i = 0;
            }
            long current = t[2 * i];
            if (current == EMPTY_KEY) {
                break;
            }
            int home = homeHere(current, capacity);
            if (OpenAddressing.distance(home, i, capacity) >= OpenAddressing.distance(gap, i, capacity)) {
                t[2 * gap] = current;
                t[2 * gap + 1] = t[2 * i + 1];
                moveFlag(d, i, gap); // the flags move with their entry
                moveFlag(wk, i, gap);
                gap = i;
            }
        }
        t[2 * gap] = EMPTY_KEY;
        d[gap >>> 6] &= ~(1L << gap);
        wk[gap >>> 6] &= ~(1L << gap);
        used--;
    }

    private void rehash(int newCapacity) {
        if (newCapacity > MAX_CAPACITY) {
            throw new IllegalStateException("LongPairMap cannot grow beyond " + MAX_CAPACITY + " slots");
        }
        long[] old = slots;
        int oldCapacity = capacity;
        long[] oldDirty = dirty;
        long[] oldWork = work;
        allocate(newCapacity);
        long[] t = slots;
        long[] d = dirty;
        long[] wk = work;
        for (int j = 0; j < oldCapacity; j++) {
            long key = old[2 * j];
            if (key != EMPTY_KEY) {
                int i = homeHere(key, newCapacity);
                while (t[2 * i] != EMPTY_KEY) {
                    if (++i == newCapacity) {
                        i = 0;
                    }
                }
                t[2 * i] = key;
                t[2 * i + 1] = old[2 * j + 1];
                d[i >>> 6] |= ((oldDirty[j >>> 6] >>> j) & 1L) << i;
                wk[i >>> 6] |= ((oldWork[j >>> 6] >>> j) & 1L) << i;
            }
        }
    }

    private void allocate(int capacity) {
        this.capacity = capacity;
        slots = new long[2 * capacity];
        dirty = new long[(capacity + 63) >>> 6];
        work = new long[dirty.length];
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

    /** Copies the flag of slot {@code from} to slot {@code to} in {@code flags}. */
    private static void moveFlag(long[] flags, int from, int to) {
        long bit = (flags[from >>> 6] >>> from) & 1L;
        flags[to >>> 6] = (flags[to >>> 6] & ~(1L << to)) | (bit << to);
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
