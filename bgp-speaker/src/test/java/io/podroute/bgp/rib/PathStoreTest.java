package io.podroute.bgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathStoreTest {
    private static final long CHUNK_BYTES = 8192L * 4;

    /** Allocates paths until index {@code last}, each with fields derived from its index. */
    private static void fillTo(PathStore s, int last) {
        for (int expected = 1; expected <= last; expected++) {
            int p = s.allocate(expected & 0xFF_FFFF, 0, expected * 3, expected * 5);
            assertEquals(expected, p, "indexes are handed out in order from 1");
        }
    }

    @Test
    void emptyStoreHoldsNothing() {
        PathStore s = new PathStore();
        assertEquals(0, s.live());
        assertEquals(0, s.footprintBytes());
        assertEquals((1 << 26) - 1, PathStore.MAX_INDEX);
        assertEquals(PrefixTable.V4_MAX_VALUE, PathStore.MAX_INDEX);
    }

    @Test
    void fieldsAcrossChunkBoundaries() {
        PathStore s = new PathStore();
        fillTo(s, 8190);
        assertEquals(4 * CHUNK_BYTES, s.footprintBytes(), "one chunk per dense column, none for ids");
        int p8191 = s.allocate(7, 0, 71, 72);
        assertEquals(8191, p8191);
        assertEquals(4 * CHUNK_BYTES, s.footprintBytes(), "index 8191 is the last of chunk 0");
        int p8192 = s.allocate(8, 0, 81, 82);
        assertEquals(8192, p8192);
        assertEquals(8 * CHUNK_BYTES, s.footprintBytes(), "index 8192 opens chunk 1");
        int p8193 = s.allocate(0xFF_FFFF, 0, 91, 92);
        assertEquals(8193, p8193);
        assertEquals(8 * CHUNK_BYTES, s.footprintBytes());

        assertEquals(7, s.peer(p8191));
        assertEquals(8, s.peer(p8192));
        assertEquals(0xFF_FFFF, s.peer(p8193));
        assertEquals(71, s.attr(p8191));
        assertEquals(81, s.attr(p8192));
        assertEquals(91, s.attr(p8193));
        assertEquals(72, s.nextHop(p8191));
        assertEquals(82, s.nextHop(p8192));
        assertEquals(92, s.nextHop(p8193));

        // Links and setters across the boundary.
        s.setNext(p8191, p8192);
        s.setNext(p8192, p8193);
        assertEquals(p8192, s.next(p8191));
        assertEquals(p8193, s.next(p8192));
        assertEquals(PathStore.NONE, s.next(p8193));
        s.setAttr(p8192, 1000);
        s.setNextHop(p8192, 2000);
        s.setStale(p8192, true);
        assertEquals(1000, s.attr(p8192));
        assertEquals(2000, s.nextHop(p8192));
        assertTrue(s.stale(p8192));
        assertEquals(8, s.peer(p8192), "the stale flag does not change the peer");
        assertFalse(s.stale(p8191));
        assertFalse(s.stale(p8193));
        assertEquals(91, s.attr(p8193), "neighbours untouched");
        assertEquals(71, s.attr(p8191));
        s.setStale(p8193, true);
        assertEquals(0xFF_FFFF, s.peer(p8193));
        s.setStale(p8193, false);
        assertFalse(s.stale(p8193));

        // Everything written earlier is still there.
        for (int p = 1; p <= 8190; p++) {
            assertEquals(p & 0xFF_FFFF, s.peer(p));
            assertEquals(p * 3, s.attr(p));
            assertEquals(p * 5, s.nextHop(p));
            assertEquals(0, s.pathId(p));
        }
        assertEquals(8193, s.live());
    }

    @Test
    void freedIndexesAreReusedBeforeNewOnes() {
        PathStore s = new PathStore();
        fillTo(s, 8200);
        s.setStale(8192, true);
        s.setNext(8192, 5);
        s.release(8192);
        s.release(3);
        s.release(8191);
        assertEquals(8197, s.live());
        long footprint = s.footprintBytes();
        // Last freed, first reused; a reused index comes back clean.
        int a = s.allocate(11, 0, 12, 13);
        int b = s.allocate(21, 0, 22, 23);
        int c = s.allocate(31, 0, 32, 33);
        assertEquals(List.of(8191, 3, 8192), List.of(a, b, c));
        assertEquals(31, s.peer(8192));
        assertFalse(s.stale(8192), "a reused index is not stale");
        assertEquals(PathStore.NONE, s.next(8192), "a reused index links to nothing");
        assertEquals(32, s.attr(8192));
        assertEquals(33, s.nextHop(8192));
        assertEquals(8201, s.allocate(41, 0, 42, 43), "with the free list empty, the top grows again");
        assertEquals(footprint, s.footprintBytes());
        assertEquals(8201, s.live());
    }

    @Test
    void pathIdsReadZeroWithoutChunksUntilANonzeroIdIsWritten() {
        PathStore s = new PathStore();
        fillTo(s, 20_000);
        assertEquals(3 * 4 * CHUNK_BYTES, s.footprintBytes(), "three chunks per dense column, none for ids");
        for (int p = 1; p <= 20_000; p++) {
            assertEquals(0, s.pathId(p));
        }
        int withId = s.allocate(1, 42, 2, 3);
        assertEquals(20_001, withId);
        assertEquals(42, s.pathId(withId));
        assertEquals((3 * 4 + 1) * CHUNK_BYTES, s.footprintBytes(), "an id chunk for chunk 2 only");
        assertEquals(0, s.pathId(withId - 1));
        assertEquals(0, s.pathId(8192), "chunk 1 still has no id chunk");
        int zeroId = s.allocate(1, 0, 2, 3);
        assertEquals(0, s.pathId(zeroId));
        // The id survives other allocations, releases and field changes.
        List<Integer> more = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            more.add(s.allocate(2, i % 2 == 0 ? 0 : -i, 4, 5));
        }
        for (int p : more.subList(0, 50)) {
            s.release(p);
        }
        s.setAttr(withId, 9);
        s.setNextHop(withId, 10);
        s.setStale(withId, true);
        s.setNext(withId, zeroId);
        assertEquals(42, s.pathId(withId));
        for (int i = 50; i < 100; i++) {
            assertEquals(i % 2 == 0 ? 0 : -i, s.pathId(more.get(i)));
        }
        // Releasing resets the id: the index comes back with the id it is allocated with.
        s.release(withId);
        assertEquals(0, s.pathId(withId));
        assertEquals(withId, s.allocate(3, 0, 4, 5));
        assertEquals(0, s.pathId(withId));
        s.release(withId);
        assertEquals(withId, s.allocate(3, 7, 4, 5));
        assertEquals(7, s.pathId(withId));
        // A nonzero id in chunk 0 adds that chunk's id storage, once.
        s.release(5);
        assertEquals(5, s.allocate(1, Integer.MAX_VALUE, 1, 1));
        s.release(6);
        assertEquals(6, s.allocate(1, 1, 1, 1));
        assertEquals((3 * 4 + 2) * CHUNK_BYTES, s.footprintBytes());
        assertEquals(Integer.MAX_VALUE, s.pathId(5));
        assertEquals(1, s.pathId(6));
        assertEquals(0, s.pathId(7));
    }

    @Test
    void footprintAfterAMillionPaths() {
        PathStore s = new PathStore();
        for (int i = 0; i < 1_000_000; i++) {
            s.allocate(1, 0, 2, 3);
        }
        assertEquals(1_000_000, s.live());
        // Indexes 0..1 000 000 span 123 chunks of 8192 in each of the four dense columns.
        assertEquals(4L * 123 * 8192 * 4, s.footprintBytes());
        assertEquals(16_121_856L, s.footprintBytes());
        assertEquals(1, s.peer(1_000_000));
        assertEquals(0, s.pathId(1_000_000));
    }

    @Test
    void refusesIndexesBeyondTheCeiling() {
        PathStore s = new PathStore(10_000);
        fillTo(s, 10_000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.allocate(1, 0, 1, 1));
        assertTrue(e.getMessage().startsWith("RIB path store full: 10000 paths"), e.getMessage());
        assertEquals(10_000, s.live(), "a refused allocation changes nothing");
        s.release(9_999);
        assertEquals(9_999, s.allocate(1, 0, 1, 1), "a freed index below the ceiling is still handed out");
        assertThrows(IllegalStateException.class, () -> s.allocate(1, 0, 1, 1));
        assertEquals(2 * 4 * CHUNK_BYTES, s.footprintBytes());
    }

    @Test
    void theCeilingIsTheLargestPrefixTableValue() {
        assertThrows(IllegalArgumentException.class, () -> new PathStore(PathStore.MAX_INDEX + 1));
        assertThrows(IllegalArgumentException.class, () -> new PathStore(0));
        PathStore s = new PathStore(PathStore.MAX_INDEX);
        assertEquals(1, s.allocate(1, 0, 1, 1));
        PrefixTable t = new PrefixTable(false);
        int slot = t.insert(0x0A00_0000L, 0, 8, PathStore.MAX_INDEX);
        assertEquals(PathStore.MAX_INDEX, t.value(slot));
    }
}
