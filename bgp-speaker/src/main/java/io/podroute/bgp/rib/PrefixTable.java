package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Arrays;

/**
 * An open-addressing hash map from the prefixes of one family to an int (the head of the prefix's path
 * list in {@link PathStore}), with linear probing and backward-shift deletion (no tombstones).
 *
 * <p>Invariants: capacity is 64 or a later term of 64, 96, 128, 192, 256, 384, … (2^k and 3·2^(k-1),
 * growing alternately by 3/2 and 4/3, so the slack after a growth is smaller than with doubling);
 * size ≤ 3/4 of capacity; a key's home slot is {@code hash32 × capacity / 2^32} (the unsigned 32-bit
 * hash scaled to the capacity, no power of two needed); probing steps to the next slot and wraps from
 * the last to slot 0; every key lies between its home slot and the first empty slot after it
 * (cyclically).
 *
 * <p>IPv4 slots are one long each, key and value packed: the address in bits 63..32, the length in
 * bits 31..26 and the value in bits 25..0, so an IPv4 value must be in 0..2^26-1 ({@link PathStore}
 * never hands out a larger index). -1 marks an empty slot: it would be length 63, which no IPv4 key
 * has, so a real slot is never -1. IPv6 keys are two longs plus a length byte, with length byte -1
 * (255) marking an empty slot, and the value in an int array. Not thread-safe: owned by {@link Rib},
 * on one event loop.
 *
 * <p>Removing while scanning slots in ascending order is safe if the caller re-examines the slot it
 * just emptied: backward shift only moves entries into the emptied slot and the slots after it
 * (cyclically), so an entry is either visited again (harmless for idempotent work) or not skipped.
 */
final class PrefixTable {
    private static final int INITIAL_CAPACITY = 64;
    /** The last capacity of the sequence that fits an array: 3·2^29. */
    private static final int MAX_CAPACITY = 3 << 29;

    private static final long EMPTY = -1L;
    private static final int V4_VALUE_BITS = 26;
    /** The largest IPv4 value: 2^26 - 1. */
    static final int V4_MAX_VALUE = (1 << V4_VALUE_BITS) - 1;

    private static final long V4_VALUE_MASK = V4_MAX_VALUE;
    private static final long V4_KEY_MASK = ~V4_VALUE_MASK;

    private final boolean ipv6;
    private long[] hi; // IPv4: the packed slots; IPv6: the upper 64 bits of the address
    private long[] lo; // IPv6 only
    private byte[] len; // IPv6 only
    private int[] values; // IPv6 only
    private int size;
    private int capacity;
    private int maxSize;

    PrefixTable(boolean ipv6) {
        this.ipv6 = ipv6;
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int newCapacity) {
        hi = new long[newCapacity];
        if (ipv6) {
            lo = new long[newCapacity];
            len = new byte[newCapacity];
            values = new int[newCapacity];
            Arrays.fill(len, (byte) -1);
        } else {
            Arrays.fill(hi, EMPTY);
        }
        capacity = newCapacity;
        maxSize = (newCapacity >> 2) * 3;
    }

    /** The capacity after {@code c} in 64, 96, 128, 192, …: 3/2 of a power of two, 4/3 of the others. */
    static int nextCapacity(int c) {
        return (c & (c - 1)) == 0 ? c + (c >> 1) : (c / 3) << 2;
    }

    boolean ipv6() {
        return ipv6;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** True if slot {@code slot} holds a key. */
    boolean used(int slot) {
        return ipv6 ? len[slot] != (byte) -1 : hi[slot] != EMPTY;
    }

    /** The value of the used slot {@code slot} (meaningless for an empty slot). */
    int value(int slot) {
        return ipv6 ? values[slot] : (int) (hi[slot] & V4_VALUE_MASK);
    }

    /** Sets the value of the used slot {@code slot}; an IPv4 value must be in 0..2^26-1. */
    void setValue(int slot, int value) {
        if (ipv6) {
            values[slot] = value;
        } else {
            checkV4Value(value);
            hi[slot] = (hi[slot] & V4_KEY_MASK) | value;
        }
    }

    /** The slot of the key, or -1. For IPv4 {@code hi} is the unsigned address and {@code lo} is 0. */
    int find(long keyHi, long keyLo, int length) {
        int slot = home(keyHi, keyLo, length);
        int c = capacity;
        if (ipv6) {
            long[] h = hi;
            long[] l = lo;
            byte[] n = len;
            byte b;
            while ((b = n[slot]) != (byte) -1) {
                if (h[slot] == keyHi && l[slot] == keyLo && (b & 0xFF) == length) {
                    return slot;
                }
                if (++slot == c) {
                    slot = 0;
                }
            }
        } else {
            long[] t = hi;
            long k = v4Key(keyHi, length);
            long e;
            while ((e = t[slot]) != EMPTY) {
                if ((e & V4_KEY_MASK) == k) {
                    return slot;
                }
                if (++slot == c) {
                    slot = 0;
                }
            }
        }
        return -1;
    }

    /**
     * The slot of the key, inserted with value {@code initial} if absent. For IPv4 the address must be
     * in 0..2^32-1, the length in 0..32 and {@code initial} in 0..2^26-1.
     */
    int insert(long keyHi, long keyLo, int length, int initial) {
        if (!ipv6) {
            if ((keyHi >>> 32) != 0 || keyLo != 0 || length < 0 || length > 32) {
                throw new IllegalArgumentException(
                        "IPv4 key out of range: address " + keyHi + ", lo " + keyLo + ", length " + length);
            }
            checkV4Value(initial);
        }
        int slot = home(keyHi, keyLo, length);
        int c = capacity;
        if (ipv6) {
            byte b;
            while ((b = len[slot]) != (byte) -1) {
                if (hi[slot] == keyHi && lo[slot] == keyLo && (b & 0xFF) == length) {
                    return slot;
                }
                if (++slot == c) {
                    slot = 0;
                }
            }
        } else {
            long k = v4Key(keyHi, length);
            long e;
            while ((e = hi[slot]) != EMPTY) {
                if ((e & V4_KEY_MASK) == k) {
                    return slot;
                }
                if (++slot == c) {
                    slot = 0;
                }
            }
        }
        // Absent: slot is the first empty slot of the key's run, unless the table must grow first.
        if (size + 1 > maxSize) {
            grow();
            slot = freeSlot(home(keyHi, keyLo, length));
        }
        if (ipv6) {
            hi[slot] = keyHi;
            lo[slot] = keyLo;
            len[slot] = (byte) length;
            values[slot] = initial;
        } else {
            hi[slot] = v4Key(keyHi, length) | initial;
        }
        size++;
        return slot;
    }

    /** The first empty slot at or after {@code slot}, cyclically. */
    private int freeSlot(int slot) {
        int c = capacity;
        if (ipv6) {
            byte[] n = len;
            while (n[slot] != (byte) -1) {
                if (++slot == c) {
                    slot = 0;
                }
            }
        } else {
            long[] t = hi;
            while (t[slot] != EMPTY) {
                if (++slot == c) {
                    slot = 0;
                }
            }
        }
        return slot;
    }

    /** Empties {@code slot}, shifting later entries of its probe run back. */
    void remove(int slot) {
        int c = capacity;
        int hole = slot;
        int next = slot + 1 == c ? 0 : slot + 1;
        while (used(next)) {
            int home = home(keyHi(next), keyLo(next), length(next));
            // Move the entry at next into the hole if its home is not cyclically in (hole, next].
            if (distance(home, next, c) >= distance(hole, next, c)) {
                copy(next, hole);
                hole = next;
            }
            if (++next == c) {
                next = 0;
            }
        }
        clear(hole);
        size--;
    }

    /** The number of steps from slot {@code a} forward to slot {@code b}, wrapping at {@code c}. */
    private static int distance(int a, int b, int c) {
        return b >= a ? b - a : b - a + c;
    }

    private void copy(int from, int to) {
        hi[to] = hi[from];
        if (ipv6) {
            lo[to] = lo[from];
            len[to] = len[from];
            values[to] = values[from];
        }
    }

    private void clear(int slot) {
        if (ipv6) {
            len[slot] = (byte) -1;
            hi[slot] = 0;
            lo[slot] = 0;
            values[slot] = 0;
        } else {
            hi[slot] = EMPTY;
        }
    }

    private void grow() {
        if (capacity == MAX_CAPACITY) {
            throw new IllegalStateException("prefix table full: " + size + " prefixes");
        }
        long[] oldHi = hi;
        long[] oldLo = lo;
        byte[] oldLen = len;
        int[] oldValues = values;
        allocate(nextCapacity(capacity));
        if (ipv6) {
            for (int s = 0; s < oldHi.length; s++) {
                if (oldLen[s] != (byte) -1) {
                    int slot = freeSlot(home(oldHi[s], oldLo[s], oldLen[s] & 0xFF));
                    hi[slot] = oldHi[s];
                    lo[slot] = oldLo[s];
                    len[slot] = oldLen[s];
                    values[slot] = oldValues[s];
                }
            }
        } else {
            for (long e : oldHi) {
                if (e != EMPTY) {
                    hi[freeSlot(home(e >>> 32, 0, v4Length(e)))] = e;
                }
            }
        }
    }

    long keyHi(int slot) {
        return ipv6 ? hi[slot] : hi[slot] >>> 32;
    }

    long keyLo(int slot) {
        return ipv6 ? lo[slot] : 0;
    }

    int length(int slot) {
        return ipv6 ? len[slot] & 0xFF : v4Length(hi[slot]);
    }

    Prefix prefix(int slot) {
        return ipv6
                ? Prefix.ipv6(hi[slot], lo[slot], len[slot] & 0xFF)
                : Prefix.ipv4((int) (hi[slot] >>> 32), v4Length(hi[slot]));
    }

    /** Bytes held by the arrays (for the memory figures in tests and benchmarks). */
    long footprintBytes() {
        long c = capacity;
        return ipv6 ? c * (8 + 8 + 1 + 4) : c * 8;
    }

    /** The key part of an IPv4 slot: address in bits 63..32, length in bits 31..26, value bits 0. */
    private static long v4Key(long address, int length) {
        return (address << 32) | ((long) length << V4_VALUE_BITS);
    }

    private static int v4Length(long slot) {
        return (int) (slot >>> V4_VALUE_BITS) & 0x3F;
    }

    private static void checkV4Value(int value) {
        if ((value & ~V4_MAX_VALUE) != 0) {
            throw new IllegalArgumentException("IPv4 prefix table value " + value + " out of range 0.." + V4_MAX_VALUE);
        }
    }

    /** The home slot: the high 32 bits of a 64-bit mix of the key, scaled to the capacity (fastrange). */
    private int home(long keyHi, long keyLo, int length) {
        long h = keyHi * 0x9E37_79B9_7F4A_7C15L + keyLo * 0xC2B2_AE3D_27D4_EB4FL + length;
        h ^= h >>> 32;
        h *= 0xD6E8_FEB8_6659_FD93L;
        h ^= h >>> 29;
        return (int) (((h >>> 32) * capacity) >>> 32);
    }
}
