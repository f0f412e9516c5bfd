package io.podroute.routes.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongSetTest {
    private static final long[] SPECIAL = {0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, 0xFFFF_FFFFL};

    /** Non-zero values whose home slot is {@code slot} in a table of {@code capacity} slots. */
    static long[] valuesWithHome(int capacity, int slot, int count) {
        long[] out = new long[count];
        int n = 0;
        for (long candidate = 1; n < count; candidate++) {
            long value = candidate << 40;
            if (LongSet.home(value, capacity) == slot) {
                out[n++] = value;
            }
        }
        return out;
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40})
    void anyValueIsValid(long value) {
        LongSet set = new LongSet();
        assertFalse(set.contains(value));
        assertTrue(set.add(value));
        assertFalse(set.add(value));
        assertTrue(set.contains(value));
        assertEquals(1, set.size());
        assertFalse(set.isEmpty());
        assertArrayEquals(new long[] {value}, set.toArray());
        assertTrue(set.remove(value));
        assertFalse(set.remove(value));
        assertFalse(set.contains(value));
        assertTrue(set.isEmpty());
    }

    @Test
    void specialValuesCoexist() {
        LongSet set = new LongSet();
        for (long value : SPECIAL) {
            assertTrue(set.add(value));
        }
        assertEquals(SPECIAL.length, set.size());
        assertArrayEquals(sorted(SPECIAL), sorted(set.toArray()));
        Set<Long> seen = new HashSet<>();
        set.forEach(v -> assertTrue(seen.add(v)));
        assertEquals(SPECIAL.length, seen.size());
    }

    @Test
    void growsThroughManyResizes() {
        LongSet set = new LongSet();
        int count = 100_000;
        for (int i = 0; i < count; i++) {
            assertTrue(set.add((254L << 40) | (24L << 32) | (0x0A00_0000L + ((long) i << 8))));
            assertTrue(set.size() <= set.capacity() * 3L / 4);
        }
        assertEquals(196_608, set.capacity(), "3 * 2^16: the smallest of 16, 24, 32, 48, ... holding 100 000");
        for (int i = 0; i < count; i += 2) {
            assertTrue(set.remove((254L << 40) | (24L << 32) | (0x0A00_0000L + ((long) i << 8))));
        }
        for (int i = 0; i < count; i++) {
            long value = (254L << 40) | (24L << 32) | (0x0A00_0000L + ((long) i << 8));
            assertEquals(i % 2 == 1, set.contains(value));
        }
        assertEquals(count / 2, set.size());
    }

    /** Both kinds of capacity: a power of two (16) and three times one (24, made by presizing). */
    @ParameterizedTest
    @ValueSource(ints = {16, 24})
    void removalInARunThatWrapsAroundTheEnd(int capacity) {
        LongSet set = new LongSet(capacity * 3 / 4);
        assertEquals(capacity, set.capacity());
        long[] last = valuesWithHome(capacity, capacity - 1, 4);
        long[] first = valuesWithHome(capacity, 0, 2);
        long[] mixed = {last[0], first[0], last[1], last[2], first[1], last[3]};
        for (long value : mixed) {
            set.add(value);
        }
        for (int removed = mixed.length - 1; removed >= 0; removed -= 2) {
            assertTrue(set.remove(mixed[removed]));
        }
        for (int i = 0; i < mixed.length; i++) {
            assertEquals(i % 2 == 0, set.contains(mixed[i]));
        }
        assertEquals(capacity, set.capacity());
    }

    @Test
    void clearKeepsCapacity() {
        LongSet set = new LongSet();
        for (long i = -1000; i < 1000; i++) {
            set.add(i);
        }
        int capacity = set.capacity();
        set.clear();
        assertTrue(set.isEmpty());
        assertEquals(capacity, set.capacity());
        assertFalse(set.contains(0));
        assertFalse(set.contains(5));
        assertEquals(0, set.toArray().length);
        assertTrue(set.add(5));
        assertEquals(1, set.size());
    }

    @Test
    void presizedSetDoesNotGrow() {
        assertEquals(16, new LongSet(12).capacity());
        assertEquals(24, new LongSet(13).capacity());
        assertEquals(1_572_864, new LongSet(1_000_000).capacity());
        assertThrows(IllegalArgumentException.class, () -> new LongSet(-1));
    }

    @Test
    void removalsFollowMembersThatWrapAroundTheEnd() {
        long[] last = valuesWithHome(16, 15, 6);
        long[] second = valuesWithHome(16, 14, 3);
        for (int start = 0; start < 9; start++) {
            LongSet set = new LongSet();
            List<Long> members = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                set.add(last[i]);
                members.add(last[i]);
                if (i < 3) {
                    set.add(second[i]);
                    members.add(second[i]);
                }
            }
            assertEquals(16, set.capacity());
            // Remove in every rotation of the insertion order: runs that wrap past slot 15 to 0 shift.
            Set<Long> expected = new HashSet<>(members);
            for (int k = 0; k < members.size(); k++) {
                long victim = members.get((start + k) % members.size());
                assertTrue(set.remove(victim));
                expected.remove(victim);
                for (long value : expected) {
                    assertTrue(set.contains(value), "lost " + value + " after removing " + victim);
                }
                assertEquals(expected.size(), set.size());
            }
            assertTrue(set.isEmpty());
        }
    }
}
