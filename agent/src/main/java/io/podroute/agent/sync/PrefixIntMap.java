package io.podroute.agent.sync;

import io.podroute.routes.Prefix;
import java.util.HashMap;
import java.util.Map;

/**
 * Prefix → non-negative int below {@link Ipv4IntTable#VALUE_LIMIT}, compact for IPv4 (8 bytes of slot
 * per prefix in {@link Ipv4IntTable} shards, no object per prefix); IPv6 prefixes in a plain map. Not
 * thread-safe.
 */
final class PrefixIntMap {
    static final int NONE = -1;

    /** Receives one entry. */
    interface Visitor {
        void visit(Prefix prefix, int value);
    }

    /**
     * IPv4 in 16 shards by hash, so that growing rehashes a sixteenth at a time (0.8 MB of arrays live
     * at once at a million prefixes, not 21 MB: that transient set the agent's peak heap).
     */
    private final Ipv4IntTable[] v4 = new Ipv4IntTable[1 << SHARD_BITS];

    private static final int SHARD_BITS = 4;

    PrefixIntMap() {
        for (int i = 0; i < v4.length; i++) {
            v4[i] = new Ipv4IntTable(SHARD_BITS);
        }
    }

    private Ipv4IntTable shard(int address, int length) {
        return v4[Ipv4IntTable.hash(Ipv4IntTable.key(address, length)) >>> (32 - SHARD_BITS)];
    }

    private final Map<Prefix, Integer> v6 = new HashMap<>();

    static int address(Prefix p) {
        return p.ipv4Bits();
    }

    /** {@link #put} of an IPv4 prefix given as address and length, with no {@link Prefix} made. */
    int putIpv4(int address, int length, int value) {
        if (value < 0 || value >= Ipv4IntTable.VALUE_LIMIT) {
            throw new IllegalArgumentException("value " + value);
        }
        return shard(address, length).put(address, length, value);
    }

    /** {@link #remove} of an IPv4 prefix given as address and length, with no {@link Prefix} made. */
    int removeIpv4(int address, int length) {
        return shard(address, length).remove(address, length);
    }

    int get(Prefix p) {
        if (p.isIpv4()) {
            return shard(address(p), p.length()).get(address(p), p.length());
        }
        Integer v = v6.get(p);
        return v == null ? NONE : v;
    }

    /** Sets the value; returns the previous one or {@link #NONE}. */
    int put(Prefix p, int value) {
        if (value < 0 || value >= Ipv4IntTable.VALUE_LIMIT) {
            throw new IllegalArgumentException("value " + value);
        }
        if (p.isIpv4()) {
            return shard(address(p), p.length()).put(address(p), p.length(), value);
        }
        Integer old = v6.put(p, value);
        return old == null ? NONE : old;
    }

    /** Removes the entry; returns the previous value or {@link #NONE}. */
    int remove(Prefix p) {
        if (p.isIpv4()) {
            return shard(address(p), p.length()).remove(address(p), p.length());
        }
        Integer old = v6.remove(p);
        return old == null ? NONE : old;
    }

    int size() {
        int n = v6.size();
        for (Ipv4IntTable t : v4) {
            n += t.size();
        }
        return n;
    }

    /** Gives memory back after a mass removal (see {@link Ipv4IntTable#trimIfSparse()}). */
    void trimIfSparse() {
        for (Ipv4IntTable t : v4) {
            t.trimIfSparse();
        }
    }

    /** Every entry (IPv4 prefixes materialised one at a time); the visitor must not modify the map. */
    void forEach(Visitor v) {
        for (Ipv4IntTable t : v4) {
            t.forEach((address, length, value) -> v.visit(Prefix.ofIpv4(address, length), value));
        }
        v6.forEach(v::visit);
    }

    /** Computes a new value from a prefix and its current value. */
    interface Updater {
        int update(Prefix prefix, int value);
    }

    /**
     * Replaces every value with {@code updater}'s (which must not modify the map): IPv4 values in
     * place, each prefix made only while it is updated.
     */
    void replaceAll(Updater updater) {
        for (Ipv4IntTable t : v4) {
            t.replaceAll((address, length, value) -> updater.update(Prefix.ofIpv4(address, length), value));
        }
        for (Map.Entry<Prefix, Integer> e : v6.entrySet()) {
            e.setValue(updater.update(e.getKey(), e.getValue()));
        }
    }

    /** Every value, without materialising prefixes; the visitor must not modify the map. */
    void forEachValue(java.util.function.IntConsumer v) {
        for (Ipv4IntTable t : v4) {
            t.forEach((address, length, value) -> v.accept(value));
        }
        v6.values().forEach(v::accept);
    }
}
