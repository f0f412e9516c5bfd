package io.podroute.agent.ipam;

import io.podroute.agent.config.AgentSetup;
import io.podroute.routes.Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * IPv4 block arithmetic for IPAM: pure, no store. Addresses are unsigned 32-bit values in longs. A
 * candidate block is free when no held block overlaps it, whatever the held block's length, so blocks
 * left from an earlier block size or an overlapping pool are never handed out twice.
 */
final class BlockSpace {
    /** An inclusive address range. */
    record Range(long first, long last) {}

    static final Comparator<Prefix> ADDRESS_ORDER =
            Comparator.comparingLong((Prefix p) -> range(p).first()).thenComparingInt(Prefix::length);

    private BlockSpace() {}

    static Range range(Prefix p) {
        byte[] a = p.address();
        long first = ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
        return new Range(first, first + (1L << (32 - p.length())) - 1);
    }

    static Prefix prefix(long first, int length) {
        byte[] a = {(byte) (first >>> 24), (byte) (first >>> 16), (byte) (first >>> 8), (byte) first};
        return Prefix.of(a, length);
    }

    /** Checks a configured pool: IPv4, block length between the pool's length and 32. */
    static void checkPool(AgentSetup.Pool pool) {
        if (!pool.cidr().isIpv4()) {
            throw new IllegalArgumentException("pool " + pool.cidr() + " is not IPv4");
        }
        if (pool.blockSize() < pool.cidr().length() || pool.blockSize() > 32) {
            throw new IllegalArgumentException("block size /" + pool.blockSize() + " does not fit pool " + pool.cidr());
        }
    }

    static long blockCount(AgentSetup.Pool pool) {
        return 1L << (pool.blockSize() - pool.cidr().length());
    }

    /** True if {@code block} is one of the pool's blocks: inside it and of its block size. */
    static boolean inPool(AgentSetup.Pool pool, Prefix block) {
        return block.length() == pool.blockSize() && overlaps(pool.cidr(), block);
    }

    static boolean overlaps(Prefix a, Prefix b) {
        Range x = range(a);
        Range y = range(b);
        return x.first() <= y.last() && y.first() <= x.last();
    }

    /** The held blocks as sorted, disjoint ranges. */
    static List<Range> merged(Collection<Prefix> held) {
        List<Range> sorted = new ArrayList<>();
        for (Prefix p : held) {
            sorted.add(range(p));
        }
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> out = new ArrayList<>();
        for (Range r : sorted) {
            Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.first() <= last.last() + 1) {
                out.set(out.size() - 1, new Range(last.first(), Math.max(last.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** The lowest block of {@code pool} that overlaps none of {@code held} (sorted, disjoint); O(held). */
    static Optional<Prefix> firstFree(AgentSetup.Pool pool, List<Range> held) {
        long size = 1L << (32 - pool.blockSize());
        Range p = range(pool.cidr());
        long candidate = p.first();
        for (Range h : held) {
            if (candidate + size - 1 > p.last()) {
                return Optional.empty();
            }
            if (h.last() < candidate) {
                continue;
            }
            if (h.first() > candidate + size - 1) {
                break;
            }
            // The pool's start is aligned to its own length, so to the block size too.
            candidate = (h.last() + 1 + size - 1) / size * size;
        }
        return candidate + size - 1 <= p.last() ? Optional.of(prefix(candidate, pool.blockSize())) : Optional.empty();
    }
}
