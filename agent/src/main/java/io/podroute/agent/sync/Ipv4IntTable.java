package io.podroute.agent.sync;

import io.podroute.routes.compact.OpenAddressing;

/**
 * IPv4 prefix → small non-negative int, one {@code long} per slot: the route sync's decision id per
 * learned prefix, 8 bytes of slot per prefix (a million prefixes: 1.5 × 2<sup>20</sup> slots, 12.6
 * MB).
 *
 * <p>Layout and invariants: open addressing with linear probing and backward-shift deletion (no
 * tombstones). A slot packs the address (bits 63–32), the length (31–26) and the value (25–0); {@code
 * -1} marks a free slot, which no real entry can be (its length would be 63). The capacity is 2
 * <sup>k</sup> or 3 × 2<sup>k−1</sup> (at least 16), so that growing steps by 1.5 or 4/3 rather than
 * 2 and the table is on average less empty; at most three quarters of it is used. The home slot of a
 * key is its 32-bit hash scaled to the capacity (multiply-high), and every key is reachable from its
 * home slot without crossing a free slot. Not thread-safe: the route sync's thread.
 */
final class Ipv4IntTable {
    /** Values are below this (2<sup>26</sup>). */
    static final int VALUE_LIMIT = 1 << 26;

    static final int NONE = -1;
    private static final long FREE = -1L;
    private static final long VALUE_MASK = VALUE_LIMIT - 1;
    private static final int MAX_CAPACITY = 3 << 28;

    private final int shardBits;
    private long[] slots;
    private int size;
    private int threshold;

    Ipv4IntTable() {
        this(0);
    }

    /**
     * A shard of a larger table: every key it receives has the same top {@code shardBits} bits of
     * {@link #hash}, so homes come from the bits below them.
     */
    Ipv4IntTable(int shardBits) {
        if (shardBits < 0 || shardBits > 16) {
            throw new IllegalArgumentException("shardBits " + shardBits);
        }
        this.shardBits = shardBits;
        allocate(OpenAddressing.MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The number of slots (8 bytes each). */
    int capacity() {
        return slots.length;
    }

    int get(int address, int length) {
        int i = find(key(address, length));
        return i < 0 ? NONE : (int) (slots[i] & VALUE_MASK);
    }

    /** Sets the value; returns the previous one or {@link #NONE}. */
    int put(int address, int length, int value) {
        if (value < 0 || value >= VALUE_LIMIT) {
            throw new IllegalArgumentException("value " + value + " outside [0, " + VALUE_LIMIT + ")");
        }
        long key = key(address, length);
        int i = find(key);
        if (i >= 0) {
            int old = (int) (slots[i] & VALUE_MASK);
            slots[i] = key | value;
            return old;
        }
        slots[~i] = key | value;
        if (++size > threshold) {
            rehash(OpenAddressing.nextCapacity(slots.length));
        }
        return NONE;
    }

    /** Removes the entry; returns its value or {@link #NONE}. */
    int remove(int address, int length) {
        int i = find(key(address, length));
        if (i < 0) {
            return NONE;
        }
        int old = (int) (slots[i] & VALUE_MASK);
        deleteAt(i);
        return old;
    }

    /** Receives an entry; see {@link #forEach}. */
    interface Visitor {
        void visit(int address, int length, int value);
    }

    /** Every entry, unordered; the visitor must not modify the table. */
    void forEach(Visitor v) {
        for (long s : slots) {
            if (s != FREE) {
                v.visit((int) (s >>> 32), length(s), (int) (s & VALUE_MASK));
            }
        }
    }

    /** Computes an entry's new value; see {@link #replaceAll}. */
    interface Updater {
        int update(int address, int length, int value);
    }

    /**
     * Replaces every value in place with {@code updater}'s ({@code [0, VALUE_LIMIT)}); values do not
     * decide where an entry lies, so nothing moves. The updater must not modify the table.
     */
    void replaceAll(Updater updater) {
        long[] s = slots;
        for (int i = 0; i < s.length; i++) {
            long slot = s[i];
            if (slot != FREE) {
                int value = (int) (slot & VALUE_MASK);
                int next = updater.update((int) (slot >>> 32), length(slot), value);
                if (next != value) {
                    if (next < 0 || next >= VALUE_LIMIT) {
                        throw new IllegalArgumentException("value " + next + " outside [0, " + VALUE_LIMIT + ")");
                    }
                    s[i] = (slot & ~VALUE_MASK) | next;
                }
            }
        }
    }

    /**
     * Shrinks to the smallest capacity that holds the entries when at most an eighth of the slots are
     * used (after a peer's full table was withdrawn; not after every small removal). Returns whether
     * it shrank.
     */
    boolean trimIfSparse() {
        if (slots.length > 1024 && size < slots.length / 8) {
            int capacity = capacityFor(size);
            if (capacity < slots.length) {
                rehash(capacity);
                return true;
            }
        }
        return false;
    }

    /** The smallest capacity of {@link OpenAddressing}'s sequence 16, 24, 32, 48, … holding {@code entries}. */
    static int capacityFor(int entries) {
        return OpenAddressing.capacityFor(entries, MAX_CAPACITY);
    }

    static long key(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + length);
        }
        return (long) address << 32 | (long) length << 26;
    }

    private static int length(long slot) {
        return (int) (slot >>> 26) & 0x3F;
    }

    /** The hash of {@code key} (its value bits zero): {@link OpenAddressing#hash}. */
    static int hash(long key) {
        return OpenAddressing.hash(key);
    }

    /** The home slot of a prefix in this table as it is now; for tests. */
    int homeOf(int address, int length) {
        return home(key(address, length), slots.length);
    }

    /** The home slot of {@code key} in a table of {@code capacity} slots here (without shard bits). */
    private int home(long key, int capacity) {
        return OpenAddressing.home(OpenAddressing.hash(key), shardBits, capacity);
    }

    /** The slot of {@code key}, or {@code ~slot} of the free slot where it would go. */
    private int find(long key) {
        long[] s = slots;
        int n = s.length;
        int i = home(key, n);
        while (true) {
            long slot = s[i];
            if (slot == FREE) {
                return ~i;
            }
            if ((slot & ~VALUE_MASK) == key) {
                return i;
            }
            if (++i == n) {
                i = 0;
            }
        }
    }

    /** Frees {@code gap}, moving back each later member of its run whose home is not in (gap, slot]. */
    private void deleteAt(int gap) {
        long[] s = slots;
        int n = s.length;
        int i = gap;
        while (true) {
            if (++i == n) {
                i = 0;
            }
            long slot = s[i];
            if (slot == FREE) {
                break;
            }
            int home = home(slot & ~VALUE_MASK, n);
            if (OpenAddressing.distance(home, i, n) >= OpenAddressing.distance(gap, i, n)) {
                s[gap] = slot;
                gap = i;
            }
        }
        s[gap] = FREE;
        size--;
    }

    private void rehash(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new IllegalStateException("too many IPv4 prefixes for the route sync: " + size);
        }
        long[] old = slots;
        allocate(capacity);
        long[] s = slots;
        for (long slot : old) {
            if (slot != FREE) {
                int i = home(slot & ~VALUE_MASK, capacity);
                while (s[i] != FREE) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                s[i] = slot;
            }
        }
    }

    private void allocate(int capacity) {
        slots = new long[capacity];
        java.util.Arrays.fill(slots, FREE);
        threshold = OpenAddressing.maxUsed(capacity);
    }
}
