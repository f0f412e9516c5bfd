package io.podroute.routes.compact;

import static io.podroute.routes.compact.LongPairMap.NONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Random operation sequences checked against {@code HashMap} and {@code HashSet} models. */
class CompactCollectionsProperties {
    /**
     * Keys that stress the probing: special values, keys differing only in their high bits, route
     * keys for consecutive /24s, keys whose {@link LongSet} home slot is one of the last two of a
     * 16-, 32- or 64-slot table (their runs wrap around to slot 0) or slot 5 (one long run in the
     * middle), and keys whose {@link LongPairMap} home slot is one of the last two or slot 0 of a
     * table of each capacity from 16 to 192 (16, 24, 32, 48, 64, 96, 128, 192).
     */
    private static final long[] POOL = pool();

    private static long[] pool() {
        List<Long> keys = new ArrayList<>(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL));
        for (long k = 1; k <= 12; k++) {
            keys.add(k << 40);
        }
        for (long i = 0; i < 12; i++) {
            keys.add((254L << 40) | (24L << 32) | (0x0A00_0000L + (i << 8)));
        }
        int wrap = 0;
        int middle = 0;
        for (long candidate = 1L << 20; wrap < 24 || middle < 10; candidate += 1L << 20) {
            int home = LongSet.home(candidate, 64);
            if (home >= 62 && wrap < 24) {
                keys.add(candidate);
                wrap++;
            } else if (home == 5 && middle < 10) {
                keys.add(candidate);
                middle++;
            }
        }
        for (int capacity = 16; capacity <= 192; capacity = LongPairMap.nextCapacity(capacity)) {
            addPairMapKeysWithHome(keys, capacity, capacity - 2, 2);
            addPairMapKeysWithHome(keys, capacity, capacity - 1, 3);
            addPairMapKeysWithHome(keys, capacity, 0, 1);
        }
        return keys.stream().distinct().mapToLong(Long::longValue).toArray();
    }

    private static void addPairMapKeysWithHome(List<Long> keys, int capacity, int slot, int count) {
        int found = 0;
        for (long candidate = 1L << 20; found < count; candidate += 1L << 20) {
            if (LongPairMap.home(candidate, capacity) == slot) {
                keys.add(candidate);
                found++;
            }
        }
    }

    /** Whether {@code capacity} is one of 16, 24, 32, 48, 64, 96, ... (2^k or 3 * 2^(k-1)). */
    private static boolean inCapacitySequence(int capacity) {
        int odd = capacity / Integer.lowestOneBit(capacity);
        return capacity >= 16 && (odd == 1 || odd == 3);
    }

    /** A route key for the {@code index}th /24 from 10.0.0.0 in table 254. */
    private static long routeKey(int index) {
        return (254L << 40) | (24L << 32) | (0x0A00_0000L + ((long) index << 8));
    }

    /** One operation: {@code kind} picks what to do, {@code key} and {@code value} are its operands. */
    record Op(int kind, long key, int value) {}

    private static Arbitrary<Long> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, POOL.length - 1).map(i -> POOL[i])),
                Tuple.of(1, Arbitraries.longs()));
    }

    @Provide
    Arbitrary<List<Op>> mapOps() {
        Arbitrary<Integer> values = Arbitraries.oneOf(
                Arbitraries.just(NONE),
                Arbitraries.integers().between(-3, 50),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 99), keys(), values)
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<Op>> setOps() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.integers().between(0, 99),
                        keys(),
                        Arbitraries.integers().between(0, 6))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 400)
    void longPairMapBehavesLikeAHashMap(@ForAll("mapOps") List<Op> ops) {
        LongPairMap map = new LongPairMap();
        PairMapModel model = new PairMapModel();
        for (Op op : ops) {
            int kind = op.kind();
            if (kind < 35) {
                assertEquals(model.setWant(op.key(), op.value()), map.setWant(op.key(), op.value()));
            } else if (kind < 60) {
                assertEquals(model.setHave(op.key(), op.value()), map.setHave(op.key(), op.value()));
            } else if (kind < 70) {
                assertEquals(model.settle(op.key(), op.value()), map.settle(op.key(), op.value()));
            } else if (kind < 80) {
                dirtyOp(kind, op, model, map);
            } else if (kind < 85) {
                model.clearHave();
                map.clearHave();
            } else if (kind < 90) {
                map.trimToSize();
            } else {
                assertEquals(model.want(op.key()), map.want(op.key()));
                assertEquals(model.have(op.key()), map.have(op.key()));
                assertEquals(model.isDirty(op.key()), map.isDirty(op.key()));
            }
            assertEquals(model.size(), map.size());
            assertEquals(model.dirtyKeys().size(), map.dirtyCount());
            assertTrue(map.size() <= map.capacity() * 3 / 4 + 1);
            assertTrue(inCapacitySequence(map.capacity()), () -> "capacity " + map.capacity());
        }
        assertMapMatches(model, map);
    }

    /**
     * Kinds 70-79 of an operation sequence: mark or clean one key, mark all, or walk the dirty
     * entries and clean those whose key is {@code value} modulo 3 (the walk's positions stay valid:
     * cleaning moves nothing).
     */
    private static void dirtyOp(int kind, Op op, PairMapModel model, LongPairMap map) {
        if (kind < 74) {
            assertEquals(model.markDirty(op.key()), map.markDirty(op.key()));
        } else if (kind < 77) {
            model.clearDirty(op.key());
            map.clearDirty(op.key());
        } else if (kind < 78) {
            model.markAllDirty();
            map.markAllDirty();
        } else {
            map.beginWork();
            for (int at = map.nextWorkSlot(0); at >= 0; at = map.nextWorkSlot(at + 1)) {
                map.takeWorkAt(at);
                long key = map.keyAt(at);
                if (Math.floorMod(key, 3) == Math.floorMod(op.value(), 3)) {
                    map.clearDirtyAt(at);
                    model.clearDirty(key);
                }
            }
            map.endWork();
        }
    }

    @Provide
    Arbitrary<Integer> expectedEntries() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 300));
    }

    /**
     * Bulk fills and removals of route keys between single operations, so the table grows and
     * shrinks through power-of-two and three-times-power-of-two capacities (16 to about 1 536) and
     * runs wrap around the end of both kinds; the dirty flags must follow their entries through
     * every rehash and deletion shift.
     */
    @Property(tries = 200)
    void longPairMapThroughGrowthAndTrimming(@ForAll("expectedEntries") int expected, @ForAll("mapOps") List<Op> ops) {
        LongPairMap map = new LongPairMap(expected);
        assertEquals(LongPairMap.capacityFor(expected), map.capacity());
        PairMapModel model = new PairMapModel();
        for (Op op : ops) {
            int kind = op.kind();
            int start = Math.floorMod(op.key(), 600);
            int count = 20 + 5 * Math.abs(op.value() % 60);
            if (kind < 25) {
                assertEquals(model.setWant(op.key(), op.value()), map.setWant(op.key(), op.value()));
            } else if (kind < 45) {
                assertEquals(model.setHave(op.key(), op.value()), map.setHave(op.key(), op.value()));
            } else if (kind < 50) {
                assertEquals(model.settle(op.key(), op.value()), map.settle(op.key(), op.value()));
            } else if (kind < 62) {
                for (int j = start; j < start + count; j++) {
                    int value = j & 0xFF;
                    long key = routeKey(j);
                    switch (kind % 3) {
                        case 0 -> assertEquals(model.setWant(key, value), map.setWant(key, value));
                        case 1 -> assertEquals(model.setHave(key, value), map.setHave(key, value));
                        default -> assertEquals(model.settle(key, value), map.settle(key, value));
                    }
                }
            } else if (kind < 72) {
                for (int j = start; j < start + count; j++) {
                    long key = routeKey(j);
                    if (kind % 2 == 0) {
                        assertEquals(model.setWant(key, NONE), map.setWant(key, NONE));
                    } else {
                        assertEquals(model.settle(key, NONE), map.settle(key, NONE));
                    }
                }
            } else if (kind < 80) {
                dirtyOp(kind, op, model, map);
            } else if (kind < 84) {
                model.clearHave();
                map.clearHave();
            } else if (kind < 90) {
                map.trimToSize();
                int inTable = model.size() - (model.entries.containsKey(0L) ? 1 : 0);
                assertEquals(LongPairMap.capacityFor(inTable), map.capacity());
            } else if (kind < 94) {
                int before = map.capacity();
                boolean shrank = map.trimIfSparse();
                assertEquals(before > 1024 && model.size() < before / 8, shrank);
            } else {
                assertEquals(model.want(op.key()), map.want(op.key()));
                assertEquals(model.have(op.key()), map.have(op.key()));
                assertEquals(model.isDirty(op.key()), map.isDirty(op.key()));
            }
            assertEquals(model.size(), map.size());
            assertEquals(model.dirtyKeys().size(), map.dirtyCount());
            assertTrue(map.size() <= map.capacity() * 3L / 4 + 1);
            assertTrue(inCapacitySequence(map.capacity()), () -> "capacity " + map.capacity());
        }
        assertMapMatches(model, map);
    }

    private static void assertMapMatches(PairMapModel model, LongPairMap map) {
        long[] probes = LongStream.concat(
                        Arrays.stream(POOL), model.entries.keySet().stream().mapToLong(Long::longValue))
                .toArray();
        model.assertMatches(map, probes);
        Map<Long, int[]> visited = new HashMap<>();
        map.forEach((key, want, have) -> {
            assertTrue(want != NONE || have != NONE);
            assertNull(visited.put(key, new int[] {want, have}));
        });
        assertEquals(model.entries.keySet(), visited.keySet());
        visited.forEach((key, pair) -> assertArrayEquals(new int[] {model.want(key), model.have(key)}, pair));
        long[] keys = map.keys();
        Arrays.sort(keys);
        assertArrayEquals(
                model.entries.keySet().stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray(),
                keys);
    }

    @Property(tries = 400)
    void longSetBehavesLikeAHashSet(@ForAll("setOps") List<Op> ops) {
        LongSet set = new LongSet();
        Set<Long> model = new HashSet<>();
        for (Op op : ops) {
            int kind = op.kind();
            if (kind < 45) {
                assertEquals(model.add(op.key()), set.add(op.key()));
            } else if (kind < 65) {
                assertEquals(model.remove(op.key()), set.remove(op.key()));
            } else if (kind < 75) {
                assertEquals(model.contains(op.key()), set.contains(op.key()));
            } else if (kind < 98) {
                // Remove members in slot order (a snapshot's order), as a pass over a work list does.
                long[] members = set.toArray();
                for (int i = 0; i < Math.min(op.value(), members.length); i++) {
                    assertTrue(set.remove(members[i]));
                    assertTrue(model.remove(members[i]), "a snapshot held a non-member: " + members[i]);
                }
            } else {
                model.clear();
                set.clear();
            }
            assertEquals(model.size(), set.size());
            assertEquals(model.isEmpty(), set.isEmpty());
        }
        assertSetMatches(model, set);
    }

    private static void assertSetMatches(Set<Long> model, LongSet set) {
        for (long key : POOL) {
            assertEquals(model.contains(key), set.contains(key));
        }
        long[] members = set.toArray();
        Arrays.sort(members);
        assertArrayEquals(model.stream().mapToLong(Long::longValue).sorted().toArray(), members);
        List<Long> visited = new ArrayList<>();
        set.forEach(visited::add);
        assertEquals(model, new HashSet<>(visited));
        assertEquals(model.size(), visited.size());
    }

    @Property(tries = 50)
    void keysCollidingInTheLowBitsStillWork(@ForAll("setOps") List<Op> ops) {
        // Every key is k << 40: identical low 40 bits. Grow well past several resizes, then thin out.
        LongSet set = new LongSet();
        LongPairMap map = new LongPairMap();
        int count = 2000 + ops.size();
        for (long k = 0; k < count; k++) {
            set.add(k << 40);
            map.setWant(k << 40, (int) k);
        }
        for (Op op : ops) {
            long k = Math.floorMod(op.key(), count);
            set.remove(k << 40);
            map.setWant(k << 40, NONE);
        }
        Set<Long> removed = new HashSet<>();
        ops.forEach(op -> removed.add((long) Math.floorMod(op.key(), count)));
        LongStream.range(0, count).forEach(k -> {
            assertEquals(!removed.contains(k), set.contains(k << 40));
            assertEquals(removed.contains(k) ? NONE : (int) k, map.want(k << 40));
        });
        assertEquals(count - removed.size(), set.size());
        assertEquals(count - removed.size(), map.size());
    }
}
