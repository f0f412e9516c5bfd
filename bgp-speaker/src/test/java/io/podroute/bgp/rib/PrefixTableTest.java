package io.podroute.bgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PrefixTableTest {
    private static final int MAX = (1 << 26) - 1;

    /** A key of either family: for IPv4 {@code hi} is the unsigned address and {@code lo} is 0. */
    record Key(long hi, long lo, int len) {}

    // ---- IPv4 packing --------------------------------------------------------------------------

    @Test
    void packsTheExtremesOfAddressLengthAndValue() {
        PrefixTable t = new PrefixTable(false);
        long[] addresses = {0L, 0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, 0x0A00_0000L};
        int[] lengths = {0, 1, 24, 31, 32};
        int[] values = {0, 1, MAX, MAX - 1, 1 << 25};
        Map<Key, Integer> expected = new HashMap<>();
        int i = 0;
        for (long a : addresses) {
            for (int len : lengths) {
                int v = values[i++ % values.length];
                int slot = t.insert(a, 0, len, v);
                expected.put(new Key(a, 0, len), v);
                assertTrue(t.used(slot));
                assertEquals(a, t.keyHi(slot));
                assertEquals(0, t.keyLo(slot));
                assertEquals(len, t.length(slot));
                assertEquals(v, t.value(slot));
            }
        }
        assertEquals(expected.size(), t.size());
        for (Map.Entry<Key, Integer> e : expected.entrySet()) {
            Key k = e.getKey();
            int slot = t.find(k.hi(), 0, k.len());
            assertTrue(slot >= 0, k.toString());
            assertEquals((int) e.getValue(), t.value(slot));
            assertEquals(Prefix.ipv4((int) k.hi(), k.len()), t.prefix(slot));
        }
        // The all-ones address with length 32 and the largest value is the closest a slot gets to -1.
        int slot = t.find(0xFFFF_FFFFL, 0, 32);
        t.setValue(slot, MAX);
        assertTrue(t.used(slot));
        assertEquals(MAX, t.value(slot));
        assertEquals(Prefix.parse("255.255.255.255/32"), t.prefix(slot));
    }

    @Test
    void setValueKeepsTheKey() {
        PrefixTable t = new PrefixTable(false);
        int slot = t.insert(0xC0A8_0100L, 0, 24, 5);
        for (int v : new int[] {MAX, 0, 12_345, MAX}) {
            t.setValue(slot, v);
            assertEquals(v, t.value(slot));
            assertEquals(slot, t.find(0xC0A8_0100L, 0, 24));
            assertEquals(Prefix.parse("192.168.1.0/24"), t.prefix(slot));
        }
        assertEquals(-1, t.find(0xC0A8_0100L, 0, 23), "the value bits must not leak into the key");
        assertEquals(-1, t.find(0xC0A8_0100L, 0, 25));
    }

    @Test
    void rejectsIpv4ValuesOfMoreThan26Bits() {
        PrefixTable t = new PrefixTable(false);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> t.insert(1L << 24, 0, 8, 1 << 26));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.insert(1L << 24, 0, 8, -1));
        assertThrows(IllegalArgumentException.class, () -> t.insert(1L << 24, 0, 8, Integer.MIN_VALUE));
        assertEquals(0, t.size());
        int slot = t.insert(1L << 24, 0, 8, 7);
        assertThrows(IllegalArgumentException.class, () -> t.setValue(slot, 1 << 26));
        assertThrows(IllegalArgumentException.class, () -> t.setValue(slot, -1));
        assertEquals(7, t.value(slot), "a rejected value leaves the slot as it was");
        assertEquals(1, t.size());
    }

    @Test
    void rejectsIpv4KeysOutOfRange() {
        PrefixTable t = new PrefixTable(false);
        assertThrows(IllegalArgumentException.class, () -> t.insert(1L << 32, 0, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> t.insert(-1L, 0, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> t.insert(0, 0, 33, 0));
        assertThrows(IllegalArgumentException.class, () -> t.insert(0xFFFF_FFFFL, 0, 63, MAX));
        assertThrows(IllegalArgumentException.class, () -> t.insert(0, 0, -1, 0));
        assertEquals(0, t.size());
    }

    @Test
    void ipv6KeepsFullIntValues() {
        PrefixTable t = new PrefixTable(true);
        int slot = t.insert(0x2001_0db8_0000_0000L, 0, 32, Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, t.value(slot));
        t.setValue(slot, -5);
        assertEquals(-5, t.value(slot));
        int all = t.insert(-1L, -1L, 128, 3);
        assertEquals(Prefix.ipv6(-1L, -1L, 128), t.prefix(all));
        assertEquals(all, t.find(-1L, -1L, 128));
        int zero = t.insert(0, 0, 0, 4);
        assertEquals(Prefix.ipv6(0, 0, 0), t.prefix(zero));
        assertEquals(3, t.size());
    }

    // ---- capacities and growth -----------------------------------------------------------------

    @Test
    void capacitiesAlternateThreeHalvesAndFourThirds() {
        int[] expected = {64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072};
        for (int i = 0; i + 1 < expected.length; i++) {
            assertEquals(expected[i + 1], PrefixTable.nextCapacity(expected[i]));
        }
        int c = 64;
        while (c < (1 << 20)) {
            c = PrefixTable.nextCapacity(c);
        }
        assertEquals(1 << 20, c);
        assertEquals(3 << 19, PrefixTable.nextCapacity(c));
        assertEquals(3 << 29, PrefixTable.nextCapacity(1 << 30));
    }

    @Test
    void growsThroughNonPowerOfTwoCapacitiesKeepingEveryKey() {
        for (boolean ipv6 : new boolean[] {false, true}) {
            PrefixTable t = new PrefixTable(ipv6);
            assertEquals(64, t.capacity());
            assertEquals(ipv6 ? 64 * 21 : 64 * 8, t.footprintBytes());
            List<Integer> capacities = new ArrayList<>(List.of(64));
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                Key k = ipv6
                        ? new Key(0x2001_0db8_0000_0000L | ((long) i << 16), i * 31L, 48 + (i % 81))
                        : new Key(((long) i << 8) & 0xFFFF_FFFFL, 0, 24 - (i % 3));
                int before = t.capacity();
                int slot = t.insert(k.hi(), k.lo(), k.len(), i);
                keys.add(k);
                assertEquals(i, t.value(slot));
                if (t.capacity() != before) {
                    capacities.add(t.capacity());
                    assertEquals(i, before / 4 * 3, "grows on the first insert beyond 3/4 of the capacity");
                    for (int j = 0; j < keys.size(); j++) {
                        Key kj = keys.get(j);
                        int s = t.find(kj.hi(), kj.lo(), kj.len());
                        assertTrue(s >= 0, "lost " + kj + " on growth to " + t.capacity());
                        assertEquals(j, t.value(s));
                    }
                }
                assertTrue(t.size() <= t.capacity() / 4 * 3);
            }
            assertEquals(List.of(64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096), capacities);
            assertEquals(3000, t.size());
            assertEquals(ipv6 ? 4096L * 21 : 4096L * 8, t.footprintBytes());
            assertEquals(3000, countUsed(t));
            assertInvariant(t);
        }
    }

    @Test
    void aMillionIpv4PrefixesTakeOneAndAHalfMebiSlots() {
        PrefixTable t = new PrefixTable(false);
        for (int i = 0; i < 1_000_000; i++) {
            t.insert(0x0100_0000L + ((long) i << 8), 0, 24, i);
        }
        assertEquals(1_000_000, t.size());
        assertEquals(1_572_864, t.capacity());
        assertEquals(12_582_912L, t.footprintBytes());
        for (int i = 0; i < 1_000_000; i += 997) {
            int slot = t.find(0x0100_0000L + ((long) i << 8), 0, 24);
            assertEquals(i, t.value(slot));
        }
    }

    // ---- removal with runs that wrap around the end --------------------------------------------

    private static final int[] WRAP_CAPACITIES = {64, 96, 192, 384};

    /** An empty table of the given capacity (grown by filler keys, then emptied: tables never shrink). */
    private static PrefixTable emptyTable(boolean ipv6, int capacity) {
        PrefixTable t = new PrefixTable(ipv6);
        for (long n = 0; t.capacity() < capacity; n++) {
            if (ipv6) {
                t.insert(0x3fff_0000_0000_0000L | n, -1L, 127, 0);
            } else {
                t.insert(0xF000_0000L | (n << 2), 0, 30, 0);
            }
        }
        assertEquals(capacity, t.capacity());
        for (int s = 0; s < capacity; s++) {
            while (t.used(s)) {
                t.remove(s);
            }
        }
        assertEquals(0, t.size());
        return t;
    }

    /** The home slot of {@code k} in {@code scratch}'s capacity: the slot it takes in the empty table. */
    private static int home(PrefixTable scratch, Key k) {
        int slot = scratch.insert(k.hi(), k.lo(), k.len(), 0);
        scratch.remove(slot);
        return slot;
    }

    /**
     * Keys with the given home slots in a table of {@code capacity} (one per entry of {@code homes},
     * negative homes counting from the end), found by brute force.
     */
    private static List<Key> keysWithHomes(boolean ipv6, int capacity, int... homes) {
        PrefixTable scratch = emptyTable(ipv6, capacity);
        List<Key> out = new ArrayList<>();
        Set<Key> taken = new HashSet<>();
        for (int home : homes) {
            int wanted = home < 0 ? capacity + home : home;
            for (long n = 1; ; n++) {
                Key k = ipv6 ? new Key(n << 20, n, 64) : new Key((n << 8) & 0xFFFF_FFFFL, 0, 24);
                if (!taken.contains(k) && home(scratch, k) == wanted) {
                    out.add(k);
                    taken.add(k);
                    break;
                }
            }
        }
        assertEquals(0, scratch.size());
        assertEquals(capacity, scratch.capacity());
        return out;
    }

    @Test
    void removesFromRunsThatWrapAroundTheEnd() {
        for (int capacity : WRAP_CAPACITIES) {
            for (boolean ipv6 : new boolean[] {false, true}) {
                // Three keys at home c-2, two at c-1, one at 0 and one at 1: the run is c-2, c-1, 0, 1, 2, 3, 4.
                List<Key> keys = keysWithHomes(ipv6, capacity, -2, -2, -2, -1, -1, 0, 1);
                Random random = new Random(capacity * 2L + (ipv6 ? 1 : 0));
                for (int trial = 0; trial < 200; trial++) {
                    PrefixTable t = emptyTable(ipv6, capacity);
                    List<Key> order = new ArrayList<>(keys);
                    if (trial > 0) {
                        Collections.shuffle(order, random);
                    }
                    Map<Key, Integer> model = new HashMap<>();
                    for (Key k : order) {
                        int v = model.size() + 100;
                        t.insert(k.hi(), k.lo(), k.len(), v);
                        model.put(k, v);
                    }
                    assertEquals(capacity, t.capacity());
                    if (trial == 0) {
                        int[] expectedSlots = {capacity - 2, capacity - 1, 0, 1, 2, 3, 4};
                        for (int i = 0; i < keys.size(); i++) {
                            Key k = keys.get(i);
                            assertEquals(expectedSlots[i], t.find(k.hi(), k.lo(), k.len()), "slot of key " + i);
                        }
                    }
                    List<Key> removals = new ArrayList<>(keys);
                    Collections.shuffle(removals, random);
                    for (Key k : removals) {
                        int slot = t.find(k.hi(), k.lo(), k.len());
                        assertTrue(slot >= 0);
                        t.remove(slot);
                        model.remove(k);
                        assertEquals(-1, t.find(k.hi(), k.lo(), k.len()));
                        assertMatches(t, model, keys);
                        assertInvariant(t);
                    }
                    assertEquals(0, countUsed(t));
                }
            }
        }
    }

    @Test
    void removingWhileScanningVisitsEveryEntryOfAWrappedRun() {
        for (int capacity : WRAP_CAPACITIES) {
            for (boolean ipv6 : new boolean[] {false, true}) {
                List<Key> keys = keysWithHomes(ipv6, capacity, -4, -3, -2, -2, -2, -1, -1, 0, 0, 1, 3, 5);
                for (int mask = 0; mask < 1 << keys.size(); mask++) {
                    PrefixTable t = emptyTable(ipv6, capacity);
                    Set<Key> doomed = new HashSet<>();
                    for (int i = 0; i < keys.size(); i++) {
                        Key k = keys.get(i);
                        t.insert(k.hi(), k.lo(), k.len(), i);
                        if ((mask & (1 << i)) != 0) {
                            doomed.add(k);
                        }
                    }
                    // As Rib.sweep does: a removal shifts a later entry into the slot, so look at it again.
                    Set<Key> visited = new HashSet<>();
                    int slot = 0;
                    while (slot < t.capacity()) {
                        if (t.used(slot)) {
                            Key k = new Key(t.keyHi(slot), t.keyLo(slot), t.length(slot));
                            visited.add(k);
                            if (doomed.contains(k)) {
                                t.remove(slot);
                                continue;
                            }
                        }
                        slot++;
                    }
                    assertEquals(new HashSet<>(keys), visited, "mask " + mask);
                    assertEquals(keys.size() - doomed.size(), t.size());
                    for (int i = 0; i < keys.size(); i++) {
                        Key k = keys.get(i);
                        int s = t.find(k.hi(), k.lo(), k.len());
                        assertEquals(doomed.contains(k), s < 0);
                        if (s >= 0) {
                            assertEquals(i, t.value(s));
                        }
                    }
                    assertInvariant(t);
                }
            }
        }
    }

    // ---- model test ----------------------------------------------------------------------------

    /** One operation: 0 insert-or-set, 1 remove, 2 insert without changing an existing value. */
    record Op(int kind, int key, int value) {}

    private static final int KEYS = 700;

    @Provide
    Arbitrary<Op> v4Ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, KEYS - 1),
                        Arbitraries.integers().between(0, MAX))
                .as(Op::new);
    }

    @Provide
    Arbitrary<Op> v6Ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, KEYS - 1),
                        Arbitraries.integers())
                .as(Op::new);
    }

    /** Keys index to prefixes, extremes included, many sharing an address with another length. */
    private static Key key(boolean ipv6, int i) {
        if (ipv6) {
            return switch (i) {
                case 0 -> new Key(0, 0, 0);
                case 1 -> new Key(-1L, -1L, 128);
                default -> new Key(
                        0x2001_0db8_0000_0000L + ((long) (i >> 2) << 32), (i & 1) == 0 ? 0 : i, 32 + (i & 3));
            };
        }
        return switch (i) {
            case 0 -> new Key(0, 0, 0);
            case 1 -> new Key(0xFFFF_FFFFL, 0, 32);
            case 2 -> new Key(0xFFFF_FFFFL, 0, 0);
            case 3 -> new Key(0, 0, 32);
            default -> new Key((((long) (i >> 2) * 0x0001_0100L) ^ 0xFF00_0000L) & 0xFFFF_FFFFL, 0, 16 + (i & 3));
        };
    }

    @Property(tries = 150)
    void ipv4MatchesAHashMap(@ForAll @Size(max = 2500) List<@From("v4Ops") Op> ops) {
        runModel(false, ops);
    }

    @Property(tries = 150)
    void ipv6MatchesAHashMap(@ForAll @Size(max = 2500) List<@From("v6Ops") Op> ops) {
        runModel(true, ops);
    }

    private static void runModel(boolean ipv6, List<Op> ops) {
        PrefixTable t = new PrefixTable(ipv6);
        Map<Key, Integer> model = new HashMap<>();
        List<Key> all = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            all.add(key(ipv6, i));
        }
        int n = 0;
        for (Op op : ops) {
            Key k = all.get(op.key());
            switch (op.kind()) {
                case 0 -> {
                    t.setValue(t.insert(k.hi(), k.lo(), k.len(), 0), op.value());
                    model.put(k, op.value());
                }
                case 1 -> {
                    int slot = t.find(k.hi(), k.lo(), k.len());
                    assertEquals(model.containsKey(k), slot >= 0);
                    if (slot >= 0) {
                        t.remove(slot);
                        model.remove(k);
                    }
                }
                default -> {
                    int slot = t.insert(k.hi(), k.lo(), k.len(), op.value());
                    model.putIfAbsent(k, op.value());
                    assertEquals((int) model.get(k), t.value(slot));
                }
            }
            assertEquals(model.size(), t.size());
            if (++n % 250 == 0) {
                assertMatches(t, model, all);
            }
        }
        assertMatches(t, model, all);
        assertInvariant(t);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int countUsed(PrefixTable t) {
        int n = 0;
        for (int s = 0; s < t.capacity(); s++) {
            if (t.used(s)) {
                n++;
            }
        }
        return n;
    }

    /** Every key of {@code universe} is found exactly when the model has it; nothing else is stored. */
    private static void assertMatches(PrefixTable t, Map<Key, Integer> model, List<Key> universe) {
        for (Key k : universe) {
            int slot = t.find(k.hi(), k.lo(), k.len());
            Integer v = model.get(k);
            assertEquals(v != null, slot >= 0, k.toString());
            if (v != null) {
                assertEquals((int) v, t.value(slot), k.toString());
                assertEquals(k, new Key(t.keyHi(slot), t.keyLo(slot), t.length(slot)));
            }
        }
        Map<Key, Integer> stored = new HashMap<>();
        for (int s = 0; s < t.capacity(); s++) {
            if (t.used(s)) {
                assertNull(stored.put(new Key(t.keyHi(s), t.keyLo(s), t.length(s)), t.value(s)));
            }
        }
        assertEquals(model, stored);
        assertEquals(model.size(), t.size());
    }

    /** No entry is separated from where a probe for it starts by an empty slot: each is found where it is. */
    private static void assertInvariant(PrefixTable t) {
        assertTrue(t.size() <= t.capacity() / 4 * 3);
        boolean anyEmpty = false;
        for (int s = 0; s < t.capacity(); s++) {
            if (t.used(s)) {
                assertEquals(s, t.find(t.keyHi(s), t.keyLo(s), t.length(s)), "entry at " + s + " not reachable");
            } else {
                anyEmpty = true;
            }
        }
        assertTrue(anyEmpty);
    }
}
