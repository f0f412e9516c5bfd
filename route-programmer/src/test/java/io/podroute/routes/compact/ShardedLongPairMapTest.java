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
        PairMapModel model = new PairMapModel();
        for (int[] op : ops) {
            long key = op[1] == 0 ? 0L : routeKey(op[1]);
            int value = op[2];
            switch (op[0]) {
                case 0, 1 -> assertEquals(model.setWant(key, value), map.setWant(key, value));
                case 2 -> assertEquals(model.setHave(key, value), map.setHave(key, value));
                case 3 -> assertEquals(model.settle(key, value), map.settle(key, value));
                case 4 -> assertEquals(model.setWant(key, NONE), map.setWant(key, NONE));
                case 5 -> {
                    for (int j = op[1]; j < op[1] + 300; j++) { // a bulk fill: the shards grow
                        assertEquals(model.setWant(routeKey(j), value), map.setWant(routeKey(j), value));
                    }
                }
                case 6 -> {
                    model.clearHave();
                    map.clearHave();
                }
                case 7 -> {
                    assertEquals(model.markDirty(key), map.markDirty(key));
                    if (value % 2 == 0) {
                        model.clearDirty(key);
                        map.clearDirty(key);
                    }
                }
                case 8 -> {
                    model.markAllDirty();
                    map.markAllDirty();
                }
                case 9 -> {
                    // a pass's walk: clean about half of what it meets
                    map.beginWork();
                    for (long at = map.nextWork(0); at >= 0; at = map.nextWork(at + 1)) {
                        map.takeWorkAt(at);
                        long k = map.keyAt(at);
                        if (OpenAddressing.hash(k + value) % 2 == 0) {
                            map.clearDirtyAt(at);
                            model.clearDirty(k);
                        }
                    }
                    map.endWork();
                }
                default -> map.trimIfSparse();
            }
            assertEquals(model.want(key), map.want(key));
            assertEquals(model.have(key), map.have(key));
            assertEquals(model.isDirty(key), map.isDirty(key));
            long both = map.values(key);
            assertEquals(map.want(key), LongPairMap.wantOf(both));
            assertEquals(map.have(key), LongPairMap.haveOf(both));
        }
        model.assertMatches(
                map, model.entries.keySet().stream().mapToLong(Long::longValue).toArray());
        Map<Long, int[]> visited = new HashMap<>();
        map.forEach((key, want, have) -> assertNull(visited.put(key, new int[] {want, have})));
        assertEquals(model.entries.keySet(), visited.keySet());
        visited.forEach((key, pair) ->
                assertEquals(Arrays.toString(new int[] {model.want(key), model.have(key)}), Arrays.toString(pair)));
        long[] keys = map.keys();
        Arrays.sort(keys);
        assertEquals(
                Arrays.toString(model.entries.keySet().stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray()),
                Arrays.toString(keys));
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Combinators.combine(
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, 2_000),
                        Arbitraries.integers().between(-1, 1_000))
                .as((kind, index, value) -> new int[] {kind, index, value});
        return op.list().ofMaxSize(200);
    }
}
