package io.podroute.agent.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.routes.compact.OpenAddressing;
import java.util.ArrayList;
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

class Ipv4IntTableTest {
    @Test
    void capacitiesStepByOneAndAHalfThenFourThirds() {
        assertEquals(24, OpenAddressing.nextCapacity(16));
        assertEquals(32, OpenAddressing.nextCapacity(24));
        assertEquals(48, OpenAddressing.nextCapacity(32));
        assertEquals(16, Ipv4IntTable.capacityFor(12));
        assertEquals(24, Ipv4IntTable.capacityFor(13));
        // a million prefixes: 1.5 × 2^20 slots (12.6 MB), not 2^21
        assertEquals(3 << 19, Ipv4IntTable.capacityFor(1_000_000));
    }

    @Test
    void extremesOfAddressLengthAndValueRoundTrip() {
        Ipv4IntTable t = new Ipv4IntTable();
        int max = Ipv4IntTable.VALUE_LIMIT - 1;
        assertEquals(Ipv4IntTable.NONE, t.put(0, 0, 0));
        assertEquals(Ipv4IntTable.NONE, t.put(0xFFFF_FFFF, 32, max));
        assertEquals(Ipv4IntTable.NONE, t.put(0xFFFF_FFFF, 31, 7));
        assertEquals(Ipv4IntTable.NONE, t.put(0, 32, max));
        assertEquals(0, t.get(0, 0));
        assertEquals(max, t.get(0xFFFF_FFFF, 32));
        assertEquals(7, t.get(0xFFFF_FFFF, 31));
        assertEquals(max, t.get(0, 32));
        assertEquals(Ipv4IntTable.NONE, t.get(0, 1));
        assertEquals(max, t.put(0xFFFF_FFFF, 32, 3));
        assertEquals(3, t.remove(0xFFFF_FFFF, 32));
        assertEquals(Ipv4IntTable.NONE, t.get(0xFFFF_FFFF, 32));
        assertEquals(3, t.size());
        List<String> seen = new ArrayList<>();
        t.forEach((a, l, v) -> seen.add(Integer.toHexString(a) + "/" + l + "=" + v));
        assertEquals(3, seen.size());
        assertTrue(seen.contains("ffffffff/31=7"));
    }

    @Test
    void rejectsValuesAndLengthsOutsideTheLayout() {
        Ipv4IntTable t = new Ipv4IntTable();
        assertThrows(IllegalArgumentException.class, () -> t.put(1, 24, Ipv4IntTable.VALUE_LIMIT));
        assertThrows(IllegalArgumentException.class, () -> t.put(1, 24, -1));
        assertThrows(IllegalArgumentException.class, () -> t.put(1, 33, 1));
        t.put(1, 24, 1);
        assertThrows(IllegalArgumentException.class, () -> t.replaceAll((a, l, v) -> Ipv4IntTable.VALUE_LIMIT));
    }

    @Test
    void growsThroughBothKindsOfCapacityAndShrinksAfterAMassRemoval() {
        Ipv4IntTable t = new Ipv4IntTable();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            t.put(0x0A00_0000 + (i << 8), 24, i % 1000);
        }
        assertEquals(n, t.size());
        assertEquals(Ipv4IntTable.capacityFor(n), t.capacity());
        for (int i = 0; i < n; i++) {
            assertEquals(i % 1000, t.get(0x0A00_0000 + (i << 8), 24));
        }
        t.replaceAll((a, l, v) -> v + 1);
        for (int i = 0; i < n - 10; i++) {
            assertEquals(i % 1000 + 1, t.remove(0x0A00_0000 + (i << 8), 24));
        }
        assertTrue(t.trimIfSparse());
        assertEquals(16, t.capacity());
        for (int i = n - 10; i < n; i++) {
            assertEquals(i % 1000 + 1, t.get(0x0A00_0000 + (i << 8), 24));
        }
    }

    /** A random sequence of puts, removals and renumberings, checked against a HashMap. */
    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll("operations") List<int[]> ops) {
        Ipv4IntTable t = new Ipv4IntTable();
        Map<Long, Integer> model = new HashMap<>();
        for (int[] op : ops) {
            int address = op[1];
            int length = op[2];
            long k = (long) address << 8 | length;
            switch (op[0]) {
                case 0, 1, 2 -> assertEquals(orNone(model.put(k, op[3])), t.put(address, length, op[3]));
                case 3 -> assertEquals(orNone(model.remove(k)), t.remove(address, length));
                case 4 -> {
                    t.replaceAll((a, l, v) -> (v + a + l) & 0xFFFF);
                    model.replaceAll((key, v) -> (v + (int) (key >>> 8) + (int) (key & 0xFF)) & 0xFFFF);
                }
                default -> t.trimIfSparse();
            }
            assertEquals(orNone(model.get(k)), t.get(address, length));
            assertEquals(model.size(), t.size());
        }
        Map<Long, Integer> seen = new HashMap<>();
        t.forEach((a, l, v) -> seen.put((long) a << 8 | l, v));
        assertEquals(model, seen);
    }

    private static int orNone(Integer v) {
        return v == null ? Ipv4IntTable.NONE : v;
    }

    @Provide
    Arbitrary<List<int[]>> operations() {
        // few distinct keys (collisions and long runs in small tables) or many (growth)
        Arbitrary<Integer> address = Arbitraries.oneOf(
                Arbitraries.of(0, -1, 1, 0x8000_0000, 0x0A00_0000, 0x0A00_0100),
                Arbitraries.integers().between(0, 300).map(i -> 0x0A00_0000 + (i << 8)),
                Arbitraries.integers());
        Arbitrary<int[]> op = Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        address,
                        Arbitraries.of(0, 8, 24, 32),
                        Arbitraries.integers().between(0, Ipv4IntTable.VALUE_LIMIT - 1))
                .as((kind, a, l, v) -> new int[] {kind, a, l, v});
        return op.list().ofMaxSize(600);
    }
}
