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
            if ((LongPairMap.hash(key) & (capacity - 1)) == slot) {
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
        assertEquals(1 << 19, map.capacity());
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
        assertEquals(32, new LongPairMap(13).capacity());
        LongPairMap map = new LongPairMap(1000);
        int capacity = map.capacity();
        assertEquals(2048, capacity);
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

    @Test
    void removalInARunThatWrapsAroundTheEnd() {
        LongPairMap map = new LongPairMap();
        long[] last = keysWithHome(16, 15, 4);
        long[] first = keysWithHome(16, 0, 2);
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
        assertEquals(16, map.capacity());
    }

    @Test
    void clearHaveDropsHaveOnlyEntriesAndKeepsWants() {
        LongPairMap map = new LongPairMap();
        long[] wrapping = keysWithHome(16, 15, 6);
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
        int[] perSlot = new int[capacity];
        for (long k = 1; k <= 1 << 12; k++) {
            perSlot[LongPairMap.hash(k << 40) & (capacity - 1)]++;
            map.setWant(k << 40, (int) k);
        }
        int max = Arrays.stream(perSlot).max().orElse(0);
        assertTrue(max <= 10, () -> "worst home slot holds " + max + " keys");
        for (long k = 1; k <= 1 << 12; k++) {
            assertEntry(map, k << 40, (int) k, NONE);
        }
        assertEquals(capacity, map.capacity());
    }
}
