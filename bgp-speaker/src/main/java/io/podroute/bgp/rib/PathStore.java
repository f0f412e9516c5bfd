package io.podroute.bgp.rib;

import java.util.Arrays;

/**
 * The paths of the Adj-RIBs-In as parallel int columns, one index per path, no object per path: the
 * source peer and flags, the add-path id, the interned attribute set, the interned next hop, and the
 * next path of the same prefix (a singly linked list whose head the {@link PrefixTable} holds, kept in
 * decision order so the head is the best path).
 *
 * <p>Each column is a list of chunks of {@value #CHUNK} ints, index {@code p} at {@code
 * chunks[p >>> 13][p & 8191]}; a chunk is allocated when the top index reaches it, so growth never
 * copies path data and leaves no garbage (only the small directories of chunk references are copied
 * when they double). The add-path id is 0 for nearly every path: its chunks are allocated only when a
 * nonzero id is written into them, and a missing chunk reads as 0. 16 bytes per path, plus at most one
 * partly used chunk per column.
 *
 * <p>Invariants: index 0 is never used, so 0 means "no path"; indexes stay below 2^26 (see {@link
 * #MAX_INDEX}), so that a path index fits an IPv4 {@link PrefixTable} value; a freed index is on the
 * free list (chained through {@code next}) and has peer word 0 and add-path id 0. Not thread-safe:
 * owned by {@link Rib}.
 */
final class PathStore {
    static final int NONE = 0;
    /** The largest path index: 2^26 - 1, the largest IPv4 {@link PrefixTable} value. */
    static final int MAX_INDEX = PrefixTable.V4_MAX_VALUE;

    private static final int CHUNK_BITS = 13;
    static final int CHUNK = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK - 1;
    private static final int INITIAL_DIRECTORY = 16;

    private static final int PEER_MASK = 0x00FF_FFFF;
    private static final int FLAG_STALE = 1 << 24;
    private static final int FLAG_USED = 1 << 25;

    private final int maxIndex;
    private int[][] peerWord = new int[INITIAL_DIRECTORY][];
    private int[][] pathId = new int[INITIAL_DIRECTORY][]; // chunks only where a nonzero id was written
    private int[][] attr = new int[INITIAL_DIRECTORY][];
    private int[][] nextHop = new int[INITIAL_DIRECTORY][];
    private int[][] next = new int[INITIAL_DIRECTORY][];
    private int chunks; // chunks allocated in each of the four dense columns
    private int idChunks; // chunks allocated for the add-path ids
    private int top = 1; // next never-used index
    private int free = NONE; // head of the free list
    private int live;

    PathStore() {
        this(MAX_INDEX);
    }

    /** A store whose indexes end at {@code maxIndex} (≤ {@link #MAX_INDEX}; lower only in tests). */
    PathStore(int maxIndex) {
        if (maxIndex < 1 || maxIndex > MAX_INDEX) {
            throw new IllegalArgumentException("maxIndex " + maxIndex + " out of range 1.." + MAX_INDEX);
        }
        this.maxIndex = maxIndex;
    }

    /**
     * A new path (a freed index if any), not linked to any other. Throws IllegalStateException when
     * every index up to the ceiling of 2^26 - 1 holds a live path.
     */
    int allocate(int peer, int id, int attrId, int nextHopId) {
        int p;
        if (free != NONE) {
            p = free;
            free = next(p);
        } else {
            if (top > maxIndex) {
                throw new IllegalStateException("RIB path store full: " + live + " paths");
            }
            p = top++;
            if ((p & CHUNK_MASK) == 0 || p == 1) {
                addChunk(p >>> CHUNK_BITS);
            }
        }
        int c = p >>> CHUNK_BITS;
        int i = p & CHUNK_MASK;
        peerWord[c][i] = peer | FLAG_USED;
        int[] ids = pathId[c];
        if (id != 0) {
            if (ids == null) {
                ids = new int[CHUNK];
                pathId[c] = ids;
                idChunks++;
            }
            ids[i] = id;
        } else if (ids != null) {
            ids[i] = 0;
        }
        attr[c][i] = attrId;
        nextHop[c][i] = nextHopId;
        next[c][i] = NONE;
        live++;
        return p;
    }

    /** Allocates chunk {@code c} of the four dense columns (the add-path id's stays absent). */
    private void addChunk(int c) {
        if (c == peerWord.length) {
            int n = c * 2;
            peerWord = Arrays.copyOf(peerWord, n);
            pathId = Arrays.copyOf(pathId, n);
            attr = Arrays.copyOf(attr, n);
            nextHop = Arrays.copyOf(nextHop, n);
            next = Arrays.copyOf(next, n);
        }
        peerWord[c] = new int[CHUNK];
        attr[c] = new int[CHUNK];
        nextHop[c] = new int[CHUNK];
        next[c] = new int[CHUNK];
        chunks++;
    }

    void release(int p) {
        int c = p >>> CHUNK_BITS;
        int i = p & CHUNK_MASK;
        peerWord[c][i] = 0;
        int[] ids = pathId[c];
        if (ids != null) {
            ids[i] = 0;
        }
        next[c][i] = free;
        free = p;
        live--;
    }

    int live() {
        return live;
    }

    int peer(int p) {
        return peerWord[p >>> CHUNK_BITS][p & CHUNK_MASK] & PEER_MASK;
    }

    boolean stale(int p) {
        return (peerWord[p >>> CHUNK_BITS][p & CHUNK_MASK] & FLAG_STALE) != 0;
    }

    void setStale(int p, boolean stale) {
        int[] words = peerWord[p >>> CHUNK_BITS];
        int i = p & CHUNK_MASK;
        words[i] = stale ? words[i] | FLAG_STALE : words[i] & ~FLAG_STALE;
    }

    int pathId(int p) {
        int[] ids = pathId[p >>> CHUNK_BITS];
        return ids == null ? 0 : ids[p & CHUNK_MASK];
    }

    int attr(int p) {
        return attr[p >>> CHUNK_BITS][p & CHUNK_MASK];
    }

    void setAttr(int p, int attrId) {
        attr[p >>> CHUNK_BITS][p & CHUNK_MASK] = attrId;
    }

    int nextHop(int p) {
        return nextHop[p >>> CHUNK_BITS][p & CHUNK_MASK];
    }

    void setNextHop(int p, int nextHopId) {
        nextHop[p >>> CHUNK_BITS][p & CHUNK_MASK] = nextHopId;
    }

    int next(int p) {
        return next[p >>> CHUNK_BITS][p & CHUNK_MASK];
    }

    void setNext(int p, int n) {
        next[p >>> CHUNK_BITS][p & CHUNK_MASK] = n;
    }

    /** Bytes held by the chunks: 4 bytes per entry of every allocated chunk (directories not counted). */
    long footprintBytes() {
        return (4L * chunks + idChunks) * CHUNK * 4;
    }
}
