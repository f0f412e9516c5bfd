package io.podroute.routes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prefixes of one length differ only in their high address bits; HashMap indexes by the low bits of
 * the (spread) hash. A weak hash put a million consecutive /24s into 65 536 buckets (found by the
 * agent benchmark). This pins a spread close to random.
 */
class PrefixHashTest {
    /** HashMap's index for a table of {@code buckets} (a power of two). */
    private static int bucket(Prefix p, int buckets) {
        int h = p.hashCode();
        return (h ^ (h >>> 16)) & (buckets - 1);
    }

    @Test
    void consecutiveSlash24sSpreadOverTheTable() {
        int n = 1 << 20;
        int buckets = 1 << 21;
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int a = 0x10000000 + (i << 8);
            Prefix p = Prefix.of(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), 0}, 24);
            used.add(bucket(p, buckets));
        }
        // Random placement fills 1 - e^-0.5 = 39 % of the buckets; require at least 35 %.
        assertTrue(used.size() > buckets * 35 / 100, used.size() + " of " + buckets + " buckets used");
    }

    @Test
    void podBlocksSpreadOverTheTable() {
        int n = 4096; // /26 blocks of a /14 pool
        int buckets = 8192;
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int a = 0x0AF40000 + (i << 6);
            Prefix p = Prefix.of(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, 26);
            used.add(bucket(p, buckets));
        }
        assertTrue(used.size() > buckets * 35 / 100, used.size() + " of " + buckets + " buckets used");
    }
}
