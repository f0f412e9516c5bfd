package io.podroute.routes.compact;

import static io.podroute.routes.compact.LongPairMap.NONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongPairMapTest {
    private static final long[] SPECIAL = {0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, 0xFFFF_FFFFL};

    /** A route key as the route table packs it: table << 40 | prefix length << 32 | address. */
    private static long routeKey(int table, int length, int address) {
        return ((long) table << 40) | ((long) length << 32) | (address & 0xFFFF_FFFFL);
    }

    /** Non-zero keys whose home slot is {@code slot} in a table of {@code capacity} slots. */
    static long[] keysWithHome(int capacity, int slot, int count) {
        long[] out = new long[count];
        int n = 0;
        for (long candidate = 1; n < count; candidate++) {
            long key = candidate << 40;
            if (LongPairMap.home(key, capacity) == slot) {
                out[n++] = key;
            }
        }
        return out;
    }

    private static void assertEntry(LongPairMap map, long key, int want, int have) {
        assertEquals(want, map.want(key), () -> "want of " + key);
        assertEquals(have, map.have(key), () -> "have of " + key);
    }

    @Test
    void emptyMapAnswersNone() {
        LongPairMap map = new LongPairMap();
        for (long key : SPECIAL) {
            assertEntry(map, key, NONE, NONE);
        }
        assertEquals(0, map.size());
        assertEquals(0, map.wantCount());
        assertEquals(0, map.haveCount());
        assertEquals(16, map.capacity());
        assertEquals(0, map.keys().length);
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40})
    void anyKeyIsValid(long key) {
        LongPairMap map = new LongPairMap();
        assertEquals(NONE, map.setWant(key, 7));
        assertEntry(map, key, 7, NONE);
        assertEquals(NONE, map.setHave(key, 9));
        assertEntry(map, key, 7, 9);
        assertEquals(1, map.size());
        assertEquals(1, map.wantCount());
        assertEquals(1, map.haveCount());
        assertArrayEquals(new long[] {key}, map.keys());

        assertEquals(7, map.setWant(key, NONE));
        assertEntry(map, key, NONE, 9);
        assertEquals(1, map.size());
        assertEquals(0, map.wantCount());

        assertEquals(9, map.setHave(key, NONE));
        assertEntry(map, key, NONE, NONE);
        assertEquals(0, map.size());
        assertEquals(0, map.haveCount());
        assertEquals(0, map.keys().length);
    }

    @Test
    void specialKeysCoexist() {
        LongPairMap map = new LongPairMap();
        for (int i = 0; i < SPECIAL.length; i++) {
            map.setWant(SPECIAL[i], i);
            map.setHave(SPECIAL[i], 100 + i);
        }
        for (int i = 0; i < SPECIAL.length; i++) {
            assertEntry(map, SPECIAL[i], i, 100 + i);
        }
        long[] keys = map.keys();
        Arrays.sort(keys);
        long[] expected = SPECIAL.clone();
        Arrays.sort(expected);
        assertArrayEquals(expected, keys);
    }

    @Test
    void setReturnsPreviousValueAndKeepsCounts() {
        LongPairMap map = new LongPairMap();
        assertEquals(NONE, map.setWant(5, 1));
        assertEquals(1, map.setWant(5, 2));
        assertEquals(2, map.setWant(5, 2));
        assertEquals(1, map.wantCount());
        assertEquals(NONE, map.setHave(5, Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, map.setHave(5, Integer.MIN_VALUE));
        assertEntry(map, 5, 2, Integer.MIN_VALUE);
        assertEquals(1, map.haveCount());
        assertEquals(1, map.size());
    }

    @Test
    void clearingAMissingKeyDoesNothing() {
        LongPairMap map = new LongPairMap();
        for (long key : SPECIAL) {
            assertEquals(NONE, map.setWant(key, NONE));
            assertEquals(NONE, map.setHave(key, NONE));
        }
        assertEquals(0, map.size());
        assertEquals(0, map.wantCount());
        assertEquals(0, map.haveCount());
        assertEquals(16, map.capacity());
    }

    @Test
    void growsThroughManyResizesKeepingLoadAtMostThreeQuarters() {
        LongPairMap map = new LongPairMap();
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            map.setWant(routeKey(254, 24, 0x0A00_0000 + (i << 8)), i);
            assertTrue(map.size() <= map.capacity() * 3L / 4);
        }
        assertEquals(count, map.size());
        assertEquals(3 << 17, map.capacity(), "2^18 slots hold 196 608: the next step is 3 * 2^17");
        for (int i = 0; i < count; i += 2) {
            map.setHave(routeKey(254, 24, 0x0A00_0000 + (i << 8)), -i - 2);
        }
        for (int i = 0; i < count; i++) {
            long key = routeKey(254, 24, 0x0A00_0000 + (i << 8));
            assertEntry(map, key, i, i % 2 == 0 ? -i - 2 : NONE);
        }
        for (int i = 0; i < count; i += 3) {
            map.setWant(routeKey(254, 24, 0x0A00_0000 + (i << 8)), NONE);
        }
        for (int i = 0; i < count; i++) {
            long key = routeKey(254, 24, 0x0A00_0000 + (i << 8));
            int want = i % 3 == 0 ? NONE : i;
            int have = i % 2 == 0 ? -i - 2 : NONE;
            assertEntry(map, key, want, have);
        }
        int expectedSize = 0;
        for (int i = 0; i < count; i++) {
            if (i % 3 != 0 || i % 2 == 0) {
                expectedSize++;
            }
        }
        assertEquals(expectedSize, map.size());
    }

    @Test
    void presizedMapDoesNotGrow() {
        assertEquals(16, new LongPairMap(12).capacity());
        assertEquals(24, new LongPairMap(13).capacity());
        assertEquals(24, new LongPairMap(18).capacity());
        assertEquals(32, new LongPairMap(19).capacity());
        LongPairMap map = new LongPairMap(1000);
        int capacity = map.capacity();
        assertEquals(1536, capacity);
        for (int i = 1; i <= 1000; i++) {
            map.setWant(i, i);
        }
        assertEquals(capacity, map.capacity());
        assertThrows(IllegalArgumentException.class, () -> new LongPairMap(-1));
    }

    @Test
    void removalInsideACollidingRunKeepsTheOthersReachable() {
        LongPairMap map = new LongPairMap();
        long[] sameHome = keysWithHome(16, 3, 5);
        long[] nextHome = keysWithHome(16, 4, 3);
        for (int i = 0; i < sameHome.length; i++) {
            map.setWant(sameHome[i], i);
        }
        for (int i = 0; i < nextHome.length; i++) {
            map.setHave(nextHome[i], 10 + i);
        }
        assertEquals(16, map.capacity());
        map.setWant(sameHome[0], NONE);
        map.setWant(sameHome[2], NONE);
        for (int i = 0; i < sameHome.length; i++) {
            assertEntry(map, sameHome[i], i == 0 || i == 2 ? NONE : i, NONE);
        }
        for (int i = 0; i < nextHome.length; i++) {
            assertEntry(map, nextHome[i], NONE, 10 + i);
        }
        assertEquals(6, map.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 48, 96, 192})
    void removalInARunThatWrapsAroundTheEnd(int capacity) {
        LongPairMap map = new LongPairMap(capacity * 3 / 4);
        assertEquals(capacity, map.capacity());
        long[] last = keysWithHome(capacity, capacity - 1, 4);
        long[] first = keysWithHome(capacity, 0, 2);
        long[] mixed = {last[0], first[0], last[1], last[2], first[1], last[3]};
        for (int i = 0; i < mixed.length; i++) {
            map.setWant(mixed[i], i);
        }
        for (int removed = 0; removed < mixed.length; removed++) {
            map.setWant(mixed[removed], NONE);
            for (int i = 0; i < mixed.length; i++) {
                assertEntry(map, mixed[i], i <= removed ? NONE : i, NONE);
            }
            assertEquals(mixed.length - removed - 1, map.size());
        }
        assertEquals(capacity, map.capacity());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 48, 96})
    void clearHaveDropsHaveOnlyEntriesAndKeepsWants(int capacity) {
        LongPairMap map = new LongPairMap(capacity * 3 / 4);
        long[] wrapping = keysWithHome(capacity, capacity - 1, 6);
        Map<Long, Integer> wants = new HashMap<>();
        for (int i = 0; i < wrapping.length; i++) {
            map.setHave(wrapping[i], i);
            if (i % 2 == 1) {
                map.setWant(wrapping[i], 50 + i);
                wants.put(wrapping[i], 50 + i);
            }
        }
        map.setHave(0L, 1);
        map.setHave(-1L, 2);
        map.setWant(-1L, 3);
        wants.put(-1L, 3);
        map.setWant(Long.MIN_VALUE, 4);
        wants.put(Long.MIN_VALUE, 4);

        map.clearHave();

        assertEquals(0, map.haveCount());
        assertEquals(wants.size(), map.wantCount());
        assertEquals(wants.size(), map.size());
        Map<Long, Integer> seen = new HashMap<>();
        map.forEach((key, want, have) -> {
            assertEquals(NONE, have);
            assertEquals(null, seen.put(key, want));
        });
        assertEquals(wants, seen);
        for (long key : wrapping) {
            assertEntry(map, key, wants.getOrDefault(key, NONE), NONE);
        }
        assertEntry(map, 0L, NONE, NONE);
        assertEquals(capacity, map.capacity());
    }

    @Test
    void clearHaveOnALargeMap() {
        LongPairMap map = new LongPairMap();
        for (int i = 0; i < 50_000; i++) {
            map.setHave(i * 7L, i);
            if (i % 5 == 0) {
                map.setWant(i * 7L, i);
            }
        }
        map.clearHave();
        assertEquals(10_000, map.size());
        assertEquals(10_000, map.wantCount());
        for (int i = 0; i < 50_000; i++) {
            assertEntry(map, i * 7L, i % 5 == 0 ? i : NONE, NONE);
        }
    }

    @Test
    void forEachVisitsEveryEntryOnce() {
        LongPairMap map = new LongPairMap();
        for (int i = -500; i < 500; i++) {
            map.setWant(i, i + 1000);
            map.setHave(i, i + 2000);
        }
        List<Long> keys = new ArrayList<>();
        map.forEach((key, want, have) -> {
            keys.add(key);
            assertEquals((int) key + 1000, want);
            assertEquals((int) key + 2000, have);
        });
        assertEquals(1000, keys.size());
        assertEquals(1000, keys.stream().distinct().count());
    }

    @Test
    void keysIsASnapshotSafeToModifyWhileIterating() {
        LongPairMap map = new LongPairMap();
        for (long key = -100; key < 100; key++) {
            map.setWant(key, 1);
        }
        long[] keys = map.keys();
        for (long key : keys) {
            map.setWant(key, NONE);
            map.setHave(key + 1000, 1);
        }
        assertEquals(200, map.size());
        assertEquals(0, map.wantCount());
        assertEquals(200, map.haveCount());
        assertEquals(200, keys.length);
    }

    @Test
    void trimToSizeShrinksAndKeepsEntries() {
        LongPairMap map = new LongPairMap();
        for (int i = 0; i < 10_000; i++) {
            map.setWant(i, i);
        }
        for (int i = 10; i < 10_000; i++) {
            map.setWant(i, NONE);
        }
        assertEquals(16384, map.capacity());
        map.trimToSize();
        assertEquals(16, map.capacity());
        for (int i = 0; i < 10_000; i++) {
            assertEntry(map, i, i < 10 ? i : NONE, NONE);
        }
        map.setWant(-7, 7);
        map.trimToSize();
        assertEquals(16, map.capacity());
        assertEquals(11, map.size());
    }

    @Test
    void valuesReadsBothInOneProbe() {
        LongPairMap map = new LongPairMap();
        for (long key : new long[] {0L, -1L, 42L << 40}) {
            assertEquals(NONE, LongPairMap.wantOf(map.values(key)));
            assertEquals(NONE, LongPairMap.haveOf(map.values(key)));
            map.setWant(key, 7);
            map.setHave(key, Integer.MAX_VALUE);
            assertEquals(7, LongPairMap.wantOf(map.values(key)));
            assertEquals(Integer.MAX_VALUE, LongPairMap.haveOf(map.values(key)));
            map.setWant(key, NONE);
            assertEquals(NONE, LongPairMap.wantOf(map.values(key)));
            assertEquals(Integer.MAX_VALUE, LongPairMap.haveOf(map.values(key)));
        }
    }

    @Test
    void trimIfSparseShrinksOnlyAfterAMassRemoval() {
        LongPairMap map = new LongPairMap();
        for (int i = 1; i <= 10_000; i++) {
            map.setWant(i, i);
        }
        assertEquals(16384, map.capacity());
        for (int i = 1; i <= 7_000; i++) {
            map.setWant(i, NONE);
        }
        assertFalse(map.trimIfSparse(), "3 000 of 16 384 slots: more than an eighth, kept");
        assertEquals(16384, map.capacity());
        for (int i = 7_001; i <= 9_990; i++) {
            map.setHave(i, 1); // a have keeps the entry
            map.setWant(i, NONE);
        }
        assertFalse(map.trimIfSparse(), "entries with a have count");
        for (int i = 7_001; i <= 9_990; i++) {
            map.setHave(i, NONE);
        }
        assertTrue(map.trimIfSparse());
        assertEquals(16, map.capacity());
        for (int i = 9_991; i <= 10_000; i++) {
            assertEntry(map, i, i, NONE);
        }
        assertFalse(new LongPairMap().trimIfSparse(), "small tables are never trimmed");
    }

    @Test
    void keysThatDifferOnlyInHighBitsSpreadOut() {
        LongPairMap map = new LongPairMap(1 << 12);
        int capacity = map.capacity();
        assertEquals(6144, capacity);
        int[] perSlot = new int[capacity];
        for (long k = 1; k <= 1 << 12; k++) {
            perSlot[LongPairMap.home(k << 40, capacity)]++;
            map.setWant(k << 40, (int) k);
        }
        int max = Arrays.stream(perSlot).max().orElse(0);
        assertTrue(max <= 10, () -> "worst home slot holds " + max + " keys");
        for (long k = 1; k <= 1 << 12; k++) {
            assertEntry(map, k << 40, (int) k, NONE);
        }
        assertEquals(capacity, map.capacity());
    }

    /** The capacity sequence from 16 through {@code max}: 16, 24, 32, 48, 64, 96, ... */
    private static List<Integer> sequenceThrough(int max) {
        List<Integer> out = new ArrayList<>();
        for (int k = 4; 1L << k <= max; k++) {
            out.add(1 << k);
            if (3L << (k - 1) <= max) {
                out.add(3 << (k - 1));
            }
        }
        return out;
    }

    @Test
    void capacitySequenceAlternatesThreeHalvesAndFourThirds() {
        List<Integer> expected = sequenceThrough(1 << 29);
        assertEquals(List.of(16, 24, 32, 48, 64, 96, 128, 192), expected.subList(0, 8));
        assertEquals(1 << 29, expected.get(expected.size() - 1));
        List<Integer> walked = new ArrayList<>();
        for (int c = 16; c <= 1 << 29; c = LongPairMap.nextCapacity(c)) {
            walked.add(c);
        }
        assertEquals(expected, walked);
        assertEquals(3 << 28, LongPairMap.nextCapacity(1 << 29), "past the largest capacity: growth refuses it");
        assertEquals(16, LongPairMap.capacityFor(0));
        for (int c : expected) {
            int maxUsed = (int) (c * 3L / 4);
            assertEquals(c, LongPairMap.capacityFor(maxUsed));
            if (c < 1 << 29) {
                assertEquals(LongPairMap.nextCapacity(c), LongPairMap.capacityFor(maxUsed + 1));
            } else {
                assertThrows(IllegalArgumentException.class, () -> LongPairMap.capacityFor(maxUsed + 1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new LongPairMap(Integer.MAX_VALUE));
    }

    @Test
    void aMillionEntriesTakeOneAndAHalfTimesTwoToTheTwentySlots() {
        assertEquals(1 << 20, new LongPairMap(786_432).capacity());
        assertEquals(1_572_864, new LongPairMap(786_433).capacity());
        assertEquals(1_572_864, new LongPairMap(1_000_000).capacity());
        LongPairMap map = new LongPairMap();
        for (int i = 0; i < 1_000_000; i++) {
            map.setWant(routeKey(254, 24, 0x0A00_0000 + (i << 8)), i & 0xFFFF);
        }
        assertEquals(1_000_000, map.size());
        assertEquals(1_572_864, map.capacity(), "1.5 * 2^20 slots of 16 bytes: 25.2 MB");
        for (int i = 0; i < 1_000_000; i++) {
            long key = routeKey(254, 24, 0x0A00_0000 + (i << 8));
            if (map.want(key) != (i & 0xFFFF)) {
                assertEntry(map, key, i & 0xFFFF, NONE);
            }
        }
        for (int i = 10; i < 1_000_000; i++) {
            map.setWant(routeKey(254, 24, 0x0A00_0000 + (i << 8)), NONE);
        }
        assertTrue(map.trimIfSparse());
        assertEquals(16, map.capacity());
        for (int i = 0; i < 10; i++) {
            assertEntry(map, routeKey(254, 24, 0x0A00_0000 + (i << 8)), i, NONE);
        }
    }

    @Test
    void growthPassesEveryCapacityOfTheSequence() {
        LongPairMap map = new LongPairMap();
        List<Integer> seen = new ArrayList<>(List.of(map.capacity()));
        for (int i = 1; i <= 100_000; i++) {
            map.setHave(i * 0x9E37_79B9_7F4A_7C15L, i);
            int last = seen.get(seen.size() - 1);
            if (map.capacity() != last) {
                assertEquals(last * 3L / 4 + 1, i, "grows when the load would pass three quarters");
                seen.add(map.capacity());
            }
        }
        assertEquals(sequenceThrough(196_608), seen);
        for (int i = 1; i <= 100_000; i++) {
            assertEntry(map, i * 0x9E37_79B9_7F4A_7C15L, NONE, i);
        }
    }

    @Test
    void trimToSizePicksAThreeTimesPowerOfTwoCapacity() {
        LongPairMap map = new LongPairMap();
        for (int i = 1; i <= 10_000; i++) {
            map.setWant(i, i);
        }
        for (int i = 101; i <= 10_000; i++) {
            map.setWant(i, NONE);
        }
        map.setHave(0L, 5); // the key 0 lives outside the table
        assertEquals(16384, map.capacity());
        map.trimToSize();
        assertEquals(192, map.capacity(), "100 keys: 128 slots hold 96, 3 * 2^6 hold 144");
        for (int i = 0; i <= 10_000; i++) {
            assertEntry(map, i, i >= 1 && i <= 100 ? i : NONE, i == 0 ? 5 : NONE);
        }
        map.trimToSize();
        assertEquals(192, map.capacity());
        for (int i = 73; i <= 100; i++) {
            map.setWant(i, NONE);
        }
        map.trimToSize();
        assertEquals(96, map.capacity(), "72 keys fill 3 * 2^5 slots to exactly three quarters");
        map.setHave(73, 1);
        assertEquals(128, map.capacity());
        for (int i = 0; i <= 100; i++) {
            assertEntry(map, i, i >= 1 && i <= 72 ? i : NONE, i == 0 ? 5 : i == 73 ? 1 : NONE);
        }
        assertEquals(74, map.size());
    }

    @Test
    void trimIfSparseCanEndAtAThreeTimesPowerOfTwoCapacity() {
        LongPairMap map = new LongPairMap();
        for (int i = 1; i <= 10_000; i++) {
            map.setWant(i, i);
        }
        for (int i = 1_101; i <= 10_000; i++) {
            map.setWant(i, NONE);
        }
        assertEquals(16384, map.capacity());
        assertTrue(map.trimIfSparse());
        assertEquals(1536, map.capacity(), "1 100 keys: 1 024 slots hold 768, 3 * 2^9 hold 1 152");
        for (int i = 1; i <= 10_000; i++) {
            assertEntry(map, i, i <= 1_100 ? i : NONE, NONE);
        }
        assertFalse(map.trimIfSparse());
    }

    /** Every ordering of {@code 0..n-1}. */
    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] prefix, boolean[] taken, int length, List<int[]> out) {
        if (length == prefix.length) {
            out.add(prefix.clone());
            return;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!taken[i]) {
                taken[i] = true;
                prefix[length] = i;
                permute(prefix, taken, length + 1, out);
                taken[i] = false;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 48, 96})
    void removalsInEveryOrderFromARunThatWrapsAroundTheEnd(int capacity) {
        // Two keys homed at the second-last slot and three at the last: five keys for two slots, so
        // three wrap to slots 0.. and push the keys homed at 0 and 1 further: one run across the end.
        long[] secondLast = keysWithHome(capacity, capacity - 2, 2);
        long[] last = keysWithHome(capacity, capacity - 1, 3);
        long[] zero = keysWithHome(capacity, 0, 1);
        long[] one = keysWithHome(capacity, 1, 1);
        long[] keys = {last[0], zero[0], secondLast[0], one[0], last[1], secondLast[1], last[2]};
        for (int[] order : permutations(keys.length)) {
            LongPairMap map = new LongPairMap(capacity * 3 / 4);
            for (int i = 0; i < keys.length; i++) {
                map.setWant(keys[i], i);
                map.setHave(keys[i], -i - 2);
            }
            boolean[] removed = new boolean[keys.length];
            for (int r = 0; r < order.length; r++) {
                int victim = order[r];
                if (r % 2 == 0) {
                    map.setWant(keys[victim], NONE);
                    map.setHave(keys[victim], NONE);
                } else {
                    map.setHave(keys[victim], NONE);
                    map.setWant(keys[victim], NONE);
                }
                removed[victim] = true;
                for (int i = 0; i < keys.length; i++) {
                    long key = keys[i];
                    long expected = removed[i] ? -1L : ((long) i << 32) | ((-i - 2) & 0xFFFF_FFFFL);
                    if (map.values(key) != expected) {
                        assertEquals(expected, map.values(key), "order " + Arrays.toString(order) + ", key " + i);
                    }
                }
                assertEquals(keys.length - r - 1, map.size());
            }
            assertEquals(capacity, map.capacity());
        }
    }
}
