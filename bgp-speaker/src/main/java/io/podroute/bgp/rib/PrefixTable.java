package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Arrays;

/**
 * An open-addressing hash map from the prefixes of one family to an int (the head of the prefix's path
 * list in {@link PathStore}), with linear probing and backward-shift deletion (no tombstones).
 *
 * <p>Invariants: capacity is a power of two; size ≤ 3/4 of capacity; every key lies between its home
 * slot and the first empty slot after it. IPv4 keys are one long, {@code address << 8 | length}, with
 * -1 marking an empty slot (an address is 32 bits, so a real key is never negative). IPv6 keys are two
 * longs plus a length byte, with length byte -1 (255) marking an empty slot. Not thread-safe: owned by
 * {@link Rib}, on one event loop.
 *
 * <p>Removing while scanning slots in ascending order is safe if the caller re-examines the slot it
 * just emptied: backward shift only moves entries into the emptied slot and the slots after it
 * (cyclically), so an entry is either visited again (harmless for idempotent work) or not skipped.
 */
final class PrefixTable {
    private static final int INITIAL_CAPACITY = 64;
    private static final long EMPTY = -1L;

    private final boolean ipv6;
    private long[] hi;
    private long[] lo; // IPv6 only
    private byte[] len; // IPv6 only
    private int[] values;
    private int size;
    private int mask;

    PrefixTable(boolean ipv6) {
        this.ipv6 = ipv6;
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        hi = new long[capacity];
        values = new int[capacity];
        if (ipv6) {
            lo = new long[capacity];
            len = new byte[capacity];
            Arrays.fill(len, (byte) -1);
        } else {
            Arrays.fill(hi, EMPTY);
        }
        mask = capacity - 1;
    }

    boolean ipv6() {
        return ipv6;
    }

    int size() {
        return size;
    }

    int capacity() {
        return mask + 1;
    }

    /** True if slot {@code slot} holds a key. */
    boolean used(int slot) {
        return ipv6 ? len[slot] != (byte) -1 : hi[slot] != EMPTY;
    }

    int value(int slot) {
        return values[slot];
    }

    void setValue(int slot, int value) {
        values[slot] = value;
    }

    /** The slot of the key, or -1. For IPv4 {@code hi} is the unsigned address and {@code lo} is 0. */
    int find(long keyHi, long keyLo, int length) {
        int slot = home(keyHi, keyLo, length);
        if (ipv6) {
            while (len[slot] != (byte) -1) {
                if (hi[slot] == keyHi && lo[slot] == keyLo && (len[slot] & 0xFF) == length) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
        } else {
            long k = v4Key(keyHi, length);
            while (hi[slot] != EMPTY) {
                if (hi[slot] == k) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
        }
        return -1;
    }

    /** The slot of the key, inserted with value {@code initial} if absent. */
    int insert(long keyHi, long keyLo, int length, int initial) {
        int found = find(keyHi, keyLo, length);
        if (found >= 0) {
            return found;
        }
        if (size + 1 > (capacity() >> 2) * 3) {
            grow();
        }
        int slot = home(keyHi, keyLo, length);
        while (used(slot)) {
            slot = (slot + 1) & mask;
        }
        put(slot, keyHi, keyLo, length, initial);
        size++;
        return slot;
    }

    private void put(int slot, long keyHi, long keyLo, int length, int value) {
        if (ipv6) {
            hi[slot] = keyHi;
            lo[slot] = keyLo;
            len[slot] = (byte) length;
        } else {
            hi[slot] = v4Key(keyHi, length);
        }
        values[slot] = value;
    }

    /** Empties {@code slot}, shifting later entries of its probe run back. */
    void remove(int slot) {
        int hole = slot;
        int next = (slot + 1) & mask;
        while (used(next)) {
            int home = home(keyHi(next), keyLo(next), length(next));
            // Move the entry at next into the hole if its home is not cyclically in (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                copy(next, hole);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        clear(hole);
        size--;
    }

    private void copy(int from, int to) {
        hi[to] = hi[from];
        if (ipv6) {
            lo[to] = lo[from];
            len[to] = len[from];
        }
        values[to] = values[from];
    }

    private void clear(int slot) {
        if (ipv6) {
            len[slot] = (byte) -1;
            hi[slot] = 0;
            lo[slot] = 0;
        } else {
            hi[slot] = EMPTY;
        }
        values[slot] = 0;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        byte[] oldLen = len;
        int[] oldValues = values;
        int oldCapacity = capacity();
        allocate(oldCapacity * 2);
        for (int s = 0; s < oldCapacity; s++) {
            boolean isUsed = ipv6 ? oldLen[s] != (byte) -1 : oldHi[s] != EMPTY;
            if (!isUsed) {
                continue;
            }
            long kHi = ipv6 ? oldHi[s] : oldHi[s] >>> 8;
            long kLo = ipv6 ? oldLo[s] : 0;
            int kLen = ipv6 ? oldLen[s] & 0xFF : (int) (oldHi[s] & 0xFF);
            int slot = home(kHi, kLo, kLen);
            while (used(slot)) {
                slot = (slot + 1) & mask;
            }
            put(slot, kHi, kLo, kLen, oldValues[s]);
        }
    }

    long keyHi(int slot) {
        return ipv6 ? hi[slot] : hi[slot] >>> 8;
    }

    long keyLo(int slot) {
        return ipv6 ? lo[slot] : 0;
    }

    int length(int slot) {
        return ipv6 ? len[slot] & 0xFF : (int) (hi[slot] & 0xFF);
    }

    Prefix prefix(int slot) {
        return ipv6
                ? Prefix.ipv6(hi[slot], lo[slot], len[slot] & 0xFF)
                : Prefix.ipv4((int) (hi[slot] >>> 8), length(slot));
    }

    /** Bytes held by the arrays (for the memory figures in tests and benchmarks). */
    long footprintBytes() {
        long c = capacity();
        return c * (8 + 4) + (ipv6 ? c * 9 : 0);
    }

    private static long v4Key(long address, int length) {
        return (address << 8) | length;
    }

    private int home(long keyHi, long keyLo, int length) {
        long h = keyHi * 0x9E37_79B9_7F4A_7C15L + keyLo * 0xC2B2_AE3D_27D4_EB4FL + length;
        h ^= h >>> 32;
        h *= 0xD6E8_FEB8_6659_FD93L;
        h ^= h >>> 29;
        return (int) h & mask;
    }
}
