package io.podroute.bgp.rib;

import java.util.Arrays;

/**
 * The paths of the Adj-RIBs-In as parallel int arrays, one index per path, no object per path: the
 * source peer and flags, the add-path id, the interned attribute set, the interned next hop, and the
 * next path of the same prefix (a singly linked list whose head the {@link PrefixTable} holds, kept in
 * decision order so the head is the best path). 20 bytes per path.
 *
 * <p>Invariants: index 0 is never used, so 0 means "no path"; a freed index is on the free list
 * (chained through {@code next}) and has peer word 0. Not thread-safe: owned by {@link Rib}.
 */
final class PathStore {
    static final int NONE = 0;
    private static final int PEER_MASK = 0x00FF_FFFF;
    private static final int FLAG_STALE = 1 << 24;
    private static final int FLAG_USED = 1 << 25;

    private int[] peerWord = new int[16];
    private int[] pathId = new int[16];
    private int[] attr = new int[16];
    private int[] nextHop = new int[16];
    private int[] next = new int[16];
    private int top = 1; // next never-used index
    private int free = NONE; // head of the free list
    private int live;

    int allocate(int peer, int id, int attrId, int nextHopId) {
        int p;
        if (free != NONE) {
            p = free;
            free = next[p];
        } else {
            if (top == peerWord.length) {
                int n = peerWord.length + (peerWord.length >> 1);
                peerWord = Arrays.copyOf(peerWord, n);
                pathId = Arrays.copyOf(pathId, n);
                attr = Arrays.copyOf(attr, n);
                nextHop = Arrays.copyOf(nextHop, n);
                next = Arrays.copyOf(next, n);
            }
            p = top++;
        }
        peerWord[p] = peer | FLAG_USED;
        pathId[p] = id;
        attr[p] = attrId;
        nextHop[p] = nextHopId;
        next[p] = NONE;
        live++;
        return p;
    }

    void release(int p) {
        peerWord[p] = 0;
        next[p] = free;
        free = p;
        live--;
    }

    int live() {
        return live;
    }

    int peer(int p) {
        return peerWord[p] & PEER_MASK;
    }

    boolean stale(int p) {
        return (peerWord[p] & FLAG_STALE) != 0;
    }

    void setStale(int p, boolean stale) {
        peerWord[p] = stale ? peerWord[p] | FLAG_STALE : peerWord[p] & ~FLAG_STALE;
    }

    int pathId(int p) {
        return pathId[p];
    }

    int attr(int p) {
        return attr[p];
    }

    void setAttr(int p, int attrId) {
        attr[p] = attrId;
    }

    int nextHop(int p) {
        return nextHop[p];
    }

    void setNextHop(int p, int nextHopId) {
        nextHop[p] = nextHopId;
    }

    int next(int p) {
        return next[p];
    }

    void setNext(int p, int n) {
        next[p] = n;
    }

    /** Bytes held by the arrays. */
    long footprintBytes() {
        return 5L * 4 * peerWord.length;
    }
}
