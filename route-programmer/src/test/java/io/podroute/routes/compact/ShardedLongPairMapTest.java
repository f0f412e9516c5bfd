package io.podroute.routes.compact;

import static io.podroute.routes.compact.LongPairMap.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ShardedLongPairMapTest {
    private static long routeKey(int index) {
        return (24L << 32) | (0x0A00_0000L + ((long) index << 8));
    }

    @Test
    void keysGoToTheirHashShardAndShardsFillEvenly() {
        ShardedLongPairMap map = new ShardedLongPairMap();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            assertEquals(NONE, map.setWant(routeKey(i), i & 0xFFFF));
        }
        assertEquals(n, map.size());
        assertEquals(n, map.wantCount());
        long slots = 0;
        for (int s = 0; s < ShardedLongPairMap.SHARDS; s++) {
            LongPairMap shard = map.shardAt(s);
            // about n/16 each: a shard that used only a sixteenth of its slots as homes (the hash's
            // shard bits reused for homes) would still hold its keys but grow no differently, so
            // check the spread of the keys over the shards and the shard's probing through lookups
            assertTrue(shard.size() > n / 16 * 0.9 && shard.size() < n / 16 * 1.1, "shard " + s + ": " + shard.size());
            slots += shard.capacity();
        }
        assertEquals(slots, map.capacity());
        for (int i = 0; i < n; i++) {
            long k = routeKey(i);
            assertEquals(i & 0xFFFF, map.shardAt(map.shardOf(k)).want(k));
            assertEquals(i & 0xFFFF, map.want(k));
        }
        for (int i = 0; i < n - 100; i++) {
            assertEquals(i & 0xFFFF, map.setWant(routeKey(i), NONE));
        }
        assertTrue(map.trimIfSparse());
        assertEquals(100, map.size());
        assertTrue(map.capacity() <= 16L * 16 * 4, "shrunk: " + map.capacity());
    }

    @Test
    void aShardsHomesUseTheHashBitsBelowTheShardBits() {
        // all keys of one shard share the top four hash bits; homes from those bits would put every
        // key of a 1 536-slot shard into the same 96 slots: one run, hundreds of probes a look-up
        ShardedLongPairMap map = new ShardedLongPairMap();
        int shard = 3;
        int added = 0;
        for (int i = 0; added < 1_000; i++) {
            long k = routeKey(i);
            if (map.shardOf(k) == shard) {
                map.setWant(k, 1);
                added++;
            }
        }
        LongPairMap s = map.shardAt(shard);
        assertEquals(1_000, s.size());
        int[] homesUsed = new int[s.capacity()];
        s.forEach((key, want, have) -> homesUsed[s.homeOf(key)]++);
        long distinct = Arrays.stream(homesUsed).filter(c -> c > 0).count();
        assertTrue(distinct > 500, "distinct homes: " + distinct);
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("ops") List<int[]> ops) {
        ShardedLongPairMap map = new ShardedLongPairMap();
        Map<Long, int[]> model = new HashMap<>();
        for (int[] op : ops) {
            long key = op[1] == 0 ? 0L : routeKey(op[1]);
            int value = op[2];
            switch (op[0]) {
                case 0, 1, 2 -> assertEquals(set(model, key, value, 0), map.setWant(key, value));
                case 3, 4 -> assertEquals(set(model, key, value, 1), map.setHave(key, value));
                case 5 -> assertEquals(set(model, key, NONE, 0), map.setWant(key, NONE));
                case 6 -> {
                    for (int j = op[1]; j < op[1] + 300; j++) { // a bulk fill: the shards grow
                        assertEquals(set(model, routeKey(j), value, 0), map.setWant(routeKey(j), value));
                    }
                }
                case 7 -> {
                    model.values().forEach(p -> p[1] = NONE);
                    model.values().removeIf(p -> p[0] == NONE);
                    map.clearHave();
                }
                default -> map.trimIfSparse();
            }
            int[] pair = model.get(key);
            assertEquals(pair == null ? NONE : pair[0], map.want(key));
            assertEquals(pair == null ? NONE : pair[1], map.have(key));
            long both = map.values(key);
            assertEquals(map.want(key), LongPairMap.wantOf(both));
            assertEquals(map.have(key), LongPairMap.haveOf(both));
        }
        assertEquals(model.size(), map.size());
        assertEquals(model.values().stream().filter(p -> p[0] != NONE).count(), map.wantCount());
        assertEquals(model.values().stream().filter(p -> p[1] != NONE).count(), map.haveCount());
        Map<Long, int[]> visited = new HashMap<>();
        map.forEach((key, want, have) -> assertNull(visited.put(key, new int[] {want, have})));
        assertEquals(model.keySet(), visited.keySet());
        model.forEach((key, pair) -> assertEquals(Arrays.toString(pair), Arrays.toString(visited.get(key))));
        long[] keys = map.keys();
        Arrays.sort(keys);
        assertEquals(
                Arrays.toString(model.keySet().stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray()),
                Arrays.toString(keys));
    }

    private static int set(Map<Long, int[]> model, long key, int value, int which) {
        int[] pair = model.get(key);
        if (pair == null) {
            if (value != NONE) {
                pair = new int[] {NONE, NONE};
                pair[which] = value;
                model.put(key, pair);
            }
            return NONE;
        }
        int before = pair[which];
        pair[which] = value;
        if (pair[0] == NONE && pair[1] == NONE) {
            model.remove(key);
        }
        return before;
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Combinators.combine(
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(0, 2_000),
                        Arbitraries.integers().between(-1, 1_000))
                .as((kind, index, value) -> new int[] {kind, index, value});
        return op.list().ofMaxSize(200);
    }
}
