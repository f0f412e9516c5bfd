package io.podroute.agent.sync;

import io.podroute.routes.Prefix;
import io.podroute.routes.compact.LongPairMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Prefix → non-negative int, compact for IPv4 (a {@code long} key in an open-addressing map, no
 * object per prefix); IPv6 prefixes in a plain map. Not thread-safe.
 */
final class PrefixIntMap {
    static final int NONE = -1;

    /** Receives one entry. */
    interface Visitor {
        void visit(Prefix prefix, int value);
    }

    private final LongPairMap v4 = new LongPairMap();
    private final Map<Prefix, Integer> v6 = new HashMap<>();

    static long key(int address, int length) {
        return (long) length << 32 | (address & 0xffffffffL);
    }

    static int address(Prefix p) {
        return p.ipv4Bits();
    }

    static Prefix prefix(long key) {
        return Prefix.ofIpv4((int) key, (int) (key >>> 32));
    }

    int get(Prefix p) {
        if (p.isIpv4()) {
            return v4.want(key(address(p), p.length()));
        }
        Integer v = v6.get(p);
        return v == null ? NONE : v;
    }

    /** Sets the value; returns the previous one or {@link #NONE}. */
    int put(Prefix p, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value " + value);
        }
        if (p.isIpv4()) {
            return v4.setWant(key(address(p), p.length()), value);
        }
        Integer old = v6.put(p, value);
        return old == null ? NONE : old;
    }

    /** Removes the entry; returns the previous value or {@link #NONE}. */
    int remove(Prefix p) {
        if (p.isIpv4()) {
            return v4.setWant(key(address(p), p.length()), NONE);
        }
        Integer old = v6.remove(p);
        return old == null ? NONE : old;
    }

    int size() {
        return v4.size() + v6.size();
    }

    /** Gives memory back after a mass removal (see {@link LongPairMap#trimIfSparse()}). */
    void trimIfSparse() {
        v4.trimIfSparse();
    }

    /** Every entry (IPv4 prefixes materialised one at a time); the visitor must not modify the map. */
    void forEach(Visitor v) {
        v4.forEach((key, value, unused) -> v.visit(prefix(key), value));
        v6.forEach(v::visit);
    }

    /** Computes a new value from a prefix and its current value. */
    interface Updater {
        int update(Prefix prefix, int value);
    }

    /**
     * Replaces every value with {@code updater}'s (which must not modify the map): a snapshot of the
     * IPv4 keys (8 bytes each) is walked, each prefix made only while it is updated.
     */
    void replaceAll(Updater updater) {
        for (long key : v4.keys()) {
            int value = v4.want(key);
            int next = updater.update(prefix(key), value);
            if (next != value) {
                if (next < 0) {
                    throw new IllegalArgumentException("value " + next);
                }
                v4.setWant(key, next);
            }
        }
        for (Map.Entry<Prefix, Integer> e : v6.entrySet()) {
            e.setValue(updater.update(e.getKey(), e.getValue()));
        }
    }

    /** Every value, without materialising prefixes; the visitor must not modify the map. */
    void forEachValue(java.util.function.IntConsumer v) {
        v4.forEach((key, value, unused) -> v.accept(value));
        v6.values().forEach(v::accept);
    }
}
