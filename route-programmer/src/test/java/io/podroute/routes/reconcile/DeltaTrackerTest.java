package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DeltaTrackerTest {
    private final DeltaTracker<String, String> t = new DeltaTracker<>(String::equals);

    private static List<String> sorted(List<String> l) {
        return List.copyOf(new TreeSet<>(l));
    }

    @Test
    void computesUpsertsAndDeletesOnlyForDirtyKeys() {
        t.setDataplane(Map.of("a", "1", "b", "2", "c", "3"));
        t.setDesired(Map.of("a", "1", "b", "9", "d", "4"));
        DeltaTracker.Pending<String> p = t.pending(true);
        assertEquals(List.of("4", "9"), sorted(p.upserts()));
        assertEquals(List.of("3"), p.deletes());
        t.dataplanePut("b", "9");
        t.dataplanePut("d", "4");
        t.dataplaneRemove("c");
        DeltaTracker.Pending<String> after = t.pending(true);
        assertEquals(List.of(), after.upserts());
        assertEquals(List.of(), after.deletes());
        assertEquals(0, t.dirtyCount());
    }

    @Test
    void staleKeysWaitUntilDeletesAreAllowed() {
        t.setDataplane(Map.of("old", "x"));
        t.setDesired(Map.of());
        DeltaTracker.Pending<String> kept = t.pending(false);
        assertEquals(List.of(), kept.deletes());
        assertEquals(1, kept.keptStale());
        assertEquals(1, t.dirtyCount());
        assertEquals(List.of("x"), t.pending(true).deletes());
    }
}
