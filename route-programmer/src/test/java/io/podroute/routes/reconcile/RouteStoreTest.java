package io.podroute.routes.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pass's walk over the dirty flags of {@link RouteStore}: a pass must meet every key that was
 * dirty when it started, although the writes of its own chunks (settled entries leave the map and
 * shift their runs back) and the owner's changes during the I/O (growth rehashes the map) move
 * entries under the walk. Small chunks put many chunk ends inside runs.
 */
class RouteStoreTest {
    private static final Route TEMPLATE =
            Route.builder("0.0.0.0/0").gateway("192.168.0.1").protocol(77).build();

    private static int address(int i) {
        return 0x0a000000 | (i << 8);
    }

    /** One pass; each chunk is "written" (settled) as a kernel that accepts everything would. */
    private static int pass(RouteStore store, int chunk, Runnable duringEachChunk) {
        int handled = 0;
        store.beginPass();
        DeltaTracker.Pending<Route> p;
        while ((p = store.nextChunk(chunk, true)) != null) {
            duringEachChunk.run();
            for (Route r : p.creates()) {
                store.applied(r);
            }
            for (Route r : p.updates()) {
                store.applied(r);
            }
            for (Route r : p.deletes()) {
                store.appliedDelete(r.key());
            }
            handled += p.creates().size() + p.updates().size() + p.deletes().size();
        }
        store.endPass();
        return handled;
    }

    private static RouteKey key(RouteStore store, int shape, int i) {
        return store.routeKey(shape, address(i), 24);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 8192})
    void oneLoneWithdrawalPassDeletesAFullTable(int chunk) {
        RouteStore store = new RouteStore();
        int shape = store.shape(TEMPLATE);
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            store.putDesired(shape, address(i), 24);
        }
        assertEquals(n, pass(store, chunk, () -> {}));
        assertEquals(0, store.dirtyCount());
        for (int i = 0; i < n; i++) {
            store.removeDesired(shape, address(i), 24);
        }
        // no kick comes after this pass: whatever it leaves would wait for the periodic resync
        assertEquals(n, pass(store, chunk, () -> {}));
        assertEquals(0, store.dirtyCount(), "dirty keys left behind the walk");
        for (int i = 0; i < n; i++) {
            assertNull(store.dataplane(key(store, shape, i)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 50})
    void keysAddedDuringThePassDoNotHideTheOnesItStartedWith(int chunk) {
        RouteStore store = new RouteStore();
        int shape = store.shape(TEMPLATE);
        int first = 600;
        for (int i = 0; i < first; i++) {
            store.putDesired(shape, address(i), 24);
        }
        int[] next = {first};
        Random rnd = new Random(chunk);
        pass(store, chunk, () -> {
            // the owner goes on during the I/O: the map grows (rehashes) and loses some entries
            for (int j = 0; j < 40; j++) {
                store.putDesired(shape, address(next[0]++), 24);
            }
            store.removeDesired(shape, address(first + rnd.nextInt(next[0] - first)), 24);
        });
        for (int i = 0; i < first; i++) {
            assertNotNull(
                    store.dataplane(key(store, shape, i)), "a route dirty when the pass began was not written by it");
        }
        pass(store, chunk, () -> {});
        assertEquals(0, store.dirtyCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 1000})
    void staleRoutesAreKeptDirtyAndCountedOnceUntilTheSetIsComplete(int chunk) {
        RouteStore store = new RouteStore();
        int shape = store.shape(TEMPLATE);
        int n = 300;
        for (int i = 0; i < n; i++) {
            store.dataplanePut(Ipv4Shapes.withDst(
                    store.shapeRoute(shape), key(store, shape, i).dst()));
        }
        for (int i = 0; i < n / 3; i++) {
            store.putDesired(shape, address(i), 24);
        }
        store.beginPass();
        DeltaTracker.Pending<Route> p;
        int deletes = 0;
        while ((p = store.nextChunk(chunk, false)) != null) {
            deletes += p.deletes().size();
            assertEquals(0, p.keptStale(), "kept keys are counted per pass, not per chunk");
        }
        store.endPass();
        assertEquals(0, deletes);
        assertEquals(n - n / 3, store.keptStaleIpv4(false));
        assertEquals(0, store.keptStaleIpv4(true));
        assertEquals(n - n / 3, store.dirtyCount(), "the kept ones stay dirty");
        assertTrue(store.inKernel(key(store, shape, 0)));
        assertEquals(n - n / 3, pass(store, chunk, () -> {}), "complete: the stale ones go");
        assertEquals(0, store.dirtyCount());
    }
}
