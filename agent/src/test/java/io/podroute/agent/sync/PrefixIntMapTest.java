package io.podroute.agent.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.routes.Prefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PrefixIntMapTest {
    private static Prefix v4(int i) {
        return Prefix.ofIpv4(0x0A00_0000 + (i << 8), 24);
    }

    @Test
    void aShardsHomesUseTheHashBitsBelowTheShardBits() {
        // keys of one shard share the top four hash bits; homes taken from them would crowd every key
        // of a shard into a sixteenth of its slots (one long run)
        Ipv4IntTable shard = new Ipv4IntTable(4);
        int added = 0;
        for (int i = 0; added < 1_000; i++) {
            long key = Ipv4IntTable.key(0x0A00_0000 + (i << 8), 24);
            if (Ipv4IntTable.hash(key) >>> 28 == 5) {
                shard.put(0x0A00_0000 + (i << 8), 24, 1);
                added++;
            }
        }
        boolean[] used = new boolean[shard.capacity()];
        shard.forEach((address, length, value) -> used[shard.homeOf(address, length)] = true);
        long distinct = IntStream.range(0, used.length).filter(i -> used[i]).count();
        assertTrue(distinct > 500, "distinct homes: " + distinct);
    }

    @Test
    void manyPrefixesRoundTripAndShrinkAfterRemoval() {
        PrefixIntMap map = new PrefixIntMap();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            assertEquals(PrefixIntMap.NONE, map.put(v4(i), i % 500));
        }
        map.put(Prefix.parse("fd00::/64"), 7);
        assertEquals(n + 1, map.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i % 500, map.get(v4(i)));
        }
        int[] sum = {0};
        map.forEachValue(v -> sum[0]++);
        assertEquals(n + 1, sum[0]);
        map.replaceAll((p, v) -> v + 1);
        assertEquals(8, map.get(Prefix.parse("fd00::/64")));
        for (int i = 0; i < n; i++) {
            assertEquals(i % 500 + 1, map.remove(v4(i)));
        }
        map.trimIfSparse();
        assertEquals(1, map.size());
        assertEquals(PrefixIntMap.NONE, map.get(v4(3)));
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("ops") List<int[]> ops) {
        PrefixIntMap map = new PrefixIntMap();
        Map<Prefix, Integer> model = new HashMap<>();
        for (int[] op : ops) {
            Prefix p = op[1] < 0 ? Prefix.parse("fd00:" + Integer.toHexString(-op[1]) + "::/64") : v4(op[1]);
            switch (op[0]) {
                case 0, 1 -> assertEquals(orNone(model.put(p, op[2])), map.put(p, op[2]));
                case 2 -> assertEquals(orNone(model.remove(p)), map.remove(p));
                case 3 -> {
                    map.replaceAll((q, v) -> v ^ 1);
                    model.replaceAll((q, v) -> v ^ 1);
                }
                default -> map.trimIfSparse();
            }
            assertEquals(orNone(model.get(p)), map.get(p));
            assertEquals(model.size(), map.size());
        }
        Map<Prefix, Integer> seen = new HashMap<>();
        map.forEach(seen::put);
        assertEquals(model, seen);
    }

    private static int orNone(Integer v) {
        return v == null ? PrefixIntMap.NONE : v;
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(-20, 400),
                        Arbitraries.integers().between(0, 1_000))
                .as((kind, index, value) -> new int[] {kind, index, value});
        return op.list().ofMaxSize(400);
    }
}
