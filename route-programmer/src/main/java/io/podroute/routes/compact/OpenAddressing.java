package io.podroute.routes.compact;

/**
 * The arithmetic the compact tables share ({@link LongPairMap}, {@link LongSet}, and the agent's
 * packed prefix table): a 32-bit hash of a {@code long} key, its home slot by fastrange, the cyclic
 * probe distance used by backward-shift deletion, and the capacity sequence 16, 24, 32, 48, 64, …
 * (2<sup>k</sup> and 3 × 2<sup>k−1</sup>: growth by ×1.5 then ×4/3) at a load of at most 3/4.
 *
 * <p>Tables that hash with {@link #hash} and place with {@link #home} order their slots by ascending
 * hash whatever their capacities, so walking one table's keys in slot order visits another's slots
 * front to back (the route table's pass relies on that).
 */
public final class OpenAddressing {
    /** The smallest capacity of the sequence. */
    public static final int MIN_CAPACITY = 16;

    private OpenAddressing() {}

    /**
     * The 32-bit hash of a key: the upper half of murmur3's 64-bit finaliser, so that every key bit
     * reaches the high bits that {@link #home} scales by. (The finaliser's last step, {@code h ^= h >>>
     * 33}, leaves the upper 33 bits as they are and is skipped.)
     */
    public static int hash(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return (int) (h >>> 32);
    }

    /**
     * The home slot of a key whose {@link #hash} is {@code hash} in a table of {@code capacity} slots:
     * the hash scaled to the capacity (fastrange), after dropping its top {@code shardBits} bits (the
     * same for every key of a shard, so they say nothing about the slot).
     */
    public static int home(int hash, int shardBits, int capacity) {
        return (int) ((((long) hash << shardBits & 0xFFFF_FFFFL) * capacity) >>> 32);
    }

    /** The number of forward probe steps from slot {@code from} to slot {@code to}, wrapping. */
    public static int distance(int from, int to, int capacity) {
        return to >= from ? to - from : to - from + capacity;
    }

    /** The capacity after {@code capacity}: ×1.5 from a power of two, ×4/3 from three times one. */
    public static int nextCapacity(int capacity) {
        return (capacity & (capacity - 1)) == 0 ? capacity + (capacity >>> 1) : capacity / 3 * 4;
    }

    /** The most entries a table of {@code capacity} slots holds: three quarters. */
    public static int maxUsed(int capacity) {
        return (int) ((long) capacity * 3 / 4);
    }

    /**
     * The smallest capacity of the sequence holding {@code entries}.
     *
     * @throws IllegalArgumentException if that would exceed {@code maxCapacity} (an element of the
     *     sequence)
     */
    public static int capacityFor(int entries, int maxCapacity) {
        int capacity = MIN_CAPACITY;
        while (maxUsed(capacity) < entries) {
            if (capacity >= maxCapacity) {
                throw new IllegalArgumentException(
                        "too many entries: " + entries + " (at most " + maxUsed(maxCapacity) + ")");
            }
            capacity = nextCapacity(capacity);
        }
        return capacity;
    }
}
