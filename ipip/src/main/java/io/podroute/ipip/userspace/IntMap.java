package io.podroute.ipip.userspace;

/**
 * An immutable-after-build open-addressing map from int (an IPv4 address) to a value; lookups do
 * not box or allocate. Built once per table change, read by the packet threads.
 */
final class IntMap<V> {
    private final int[] keys;
    private final Object[] values;
    private final int mask;
    private int size;

    IntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new int[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    void put(int key, V value) {
        if ((size + 1) * 2 > keys.length) {
            throw new IllegalStateException("IntMap sized for fewer entries");
        }
        int i = slot(key);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        int i = slot(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    int size() {
        return size;
    }

    private int slot(int key) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
