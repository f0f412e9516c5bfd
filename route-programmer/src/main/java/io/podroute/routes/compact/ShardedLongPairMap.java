package io.podroute.routes.compact;

/**
 * A {@link LongPairMap} split into {@value #SHARDS} independent shards by the top bits of the key's
 * hash, with the same operations. A million routes take the same slots as one map, but growing it
 * rehashes one shard at a time: the old and new arrays that must both be live during a rehash are a
 * sixteenth of the table (1.6 MB at a million routes) instead of all of it (42 MB), which is what
 * set the route table's peak heap during a full-table feed.
 *
 * <p>Invariants: a key lives in shard {@code hash(key) >>> 28} only, and every shard's homes use the
 * hash bits below those. Slot order (shard by shard, slot by slot) is ascending hash order; the
 * route table's pass walks the entries it has to look at in it ({@link #nextWork}). Not thread-safe.
 */
public final class ShardedLongPairMap {
    static final int SHARD_BITS = 4;
    static final int SHARDS = 1 << SHARD_BITS;

    private final LongPairMap[] shards = new LongPairMap[SHARDS];

    /** An empty map. */
    public ShardedLongPairMap() {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new LongPairMap(0, SHARD_BITS);
        }
    }

    private LongPairMap shard(long key) {
        return shards[LongPairMap.hash(key) >>> (32 - SHARD_BITS)];
    }

    /** See {@link LongPairMap#want}. */
    public int want(long key) {
        return shard(key).want(key);
    }

    /** See {@link LongPairMap#have}. */
    public int have(long key) {
        return shard(key).have(key);
    }

    /** See {@link LongPairMap#values}. */
    public long values(long key) {
        return shard(key).values(key);
    }

    /** See {@link LongPairMap#setWant}. */
    public int setWant(long key, int value) {
        return shard(key).setWant(key, value);
    }

    /** See {@link LongPairMap#setHave}. */
    public int setHave(long key, int value) {
        return shard(key).setHave(key, value);
    }

    /** See {@link LongPairMap#settle}. */
    public int settle(long key, int value) {
        return shard(key).settle(key, value);
    }

    /** See {@link LongPairMap#markDirty}. */
    public boolean markDirty(long key) {
        return shard(key).markDirty(key);
    }

    /** See {@link LongPairMap#clearDirty}. */
    public void clearDirty(long key) {
        shard(key).clearDirty(key);
    }

    /** See {@link LongPairMap#isDirty}. */
    public boolean isDirty(long key) {
        return shard(key).isDirty(key);
    }

    /** See {@link LongPairMap#markAllDirty}. */
    public void markAllDirty() {
        for (LongPairMap s : shards) {
            s.markAllDirty();
        }
    }

    /** The number of dirty entries. */
    public int dirtyCount() {
        int n = 0;
        for (LongPairMap s : shards) {
            n += s.dirtyCount();
        }
        return n;
    }

    /** {@link LongPairMap#beginWork} of every shard. */
    public void beginWork() {
        for (LongPairMap s : shards) {
            s.beginWork();
        }
    }

    /** {@link LongPairMap#endWork} of every shard. */
    public void endWork() {
        for (LongPairMap s : shards) {
            s.endWork();
        }
    }

    /** Entries that still have a work flag. */
    public int workCount() {
        int n = 0;
        for (LongPairMap s : shards) {
            n += s.workCount();
        }
        return n;
    }

    /**
     * The first position at or after {@code from} that has a work flag, or -1: shard by shard, each
     * shard's positions as in {@link LongPairMap#nextWorkSlot}; a position is {@code shard << 32 |
     * slot}, and 0 is the first.
     */
    public long nextWork(long from) {
        for (int shard = (int) (from >>> 32), slot = (int) from; shard < SHARDS; shard++, slot = 0) {
            int found = shards[shard].nextWorkSlot(slot);
            if (found >= 0) {
                return (long) shard << 32 | found;
            }
        }
        return -1;
    }

    /** {@link LongPairMap#takeWorkAt} at a position of {@link #nextWork}. */
    public boolean takeWorkAt(long position) {
        return shards[(int) (position >>> 32)].takeWorkAt((int) position);
    }

    /** The key at a position of {@link #nextWork}. */
    public long keyAt(long position) {
        return shards[(int) (position >>> 32)].keyAt((int) position);
    }

    /** Both values, packed, at a position of {@link #nextWork}. */
    public long valuesAt(long position) {
        return shards[(int) (position >>> 32)].valuesAt((int) position);
    }

    /** Marks the entry at a position of {@link #nextWork} clean. */
    public void clearDirtyAt(long position) {
        shards[(int) (position >>> 32)].clearDirtyAt((int) position);
    }

    /** The number of entries (keys with a want or a have). */
    public int size() {
        int n = 0;
        for (LongPairMap s : shards) {
            n += s.size();
        }
        return n;
    }

    /** The number of keys whose want is set. */
    public int wantCount() {
        int n = 0;
        for (LongPairMap s : shards) {
            n += s.wantCount();
        }
        return n;
    }

    /** The number of keys whose have is set. */
    public int haveCount() {
        int n = 0;
        for (LongPairMap s : shards) {
            n += s.haveCount();
        }
        return n;
    }

    /** See {@link LongPairMap#clearHave}. */
    public void clearHave() {
        for (LongPairMap s : shards) {
            s.clearHave();
        }
    }

    /** Every entry, shard by shard; the visitor must not modify the map. */
    public void forEach(LongPairMap.Visitor visitor) {
        for (LongPairMap s : shards) {
            s.forEach(visitor);
        }
    }

    /** A new array of every key: a snapshot safe to iterate while modifying the map. */
    public long[] keys() {
        long[] out = new long[size()];
        int n = 0;
        for (LongPairMap s : shards) {
            long[] k = s.keys();
            System.arraycopy(k, 0, out, n, k.length);
            n += k.length;
        }
        return out;
    }

    /** {@link LongPairMap#trimIfSparse} of every shard; whether any shrank. */
    public boolean trimIfSparse() {
        boolean any = false;
        for (LongPairMap s : shards) {
            any |= s.trimIfSparse();
        }
        return any;
    }

    /** Slots in all shards (16 bytes each). */
    public long capacity() {
        long n = 0;
        for (LongPairMap s : shards) {
            n += s.capacity();
        }
        return n;
    }

    /** The shard of {@code key}, for tests. */
    int shardOf(long key) {
        return LongPairMap.hash(key) >>> (32 - SHARD_BITS);
    }

    /** Shard {@code i}, for tests. */
    LongPairMap shardAt(int i) {
        return shards[i];
    }
}
