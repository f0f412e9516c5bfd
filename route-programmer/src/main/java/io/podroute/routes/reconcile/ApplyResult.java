package io.podroute.routes.reconcile;

import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import java.util.List;

/**
 * What one reconciliation pass did. Rejected items stay pending and are retried on the next pass,
 * which also starts with a full resync.
 *
 * @param resynced whether the pass re-read the kernel's tables first
 * @param routesReplaced routes written: added where the key was free, replaced where it was ours
 * @param pendingStale podroute routes in the kernel that are not desired but were kept, because the
 *     owner has not yet said its desired set is complete
 * @param conflicts desired keys now held by a foreign route that podroute never held: left alone,
 *     not failures, retried on each resync (a gauge, like {@code pendingStale})
 * @param newConflicts the conflicts this pass found for the first time
 */
public record ApplyResult(
        boolean resynced,
        int routesReplaced,
        int routesDeleted,
        int nexthopsReplaced,
        int nexthopsDeleted,
        int pendingStale,
        int conflicts,
        List<Conflict> newConflicts,
        List<Failure<Route>> routeFailures,
        List<Failure<NexthopObject>> nexthopFailures,
        List<Failure<Integer>> nexthopDeleteFailures) {

    /** A desired route not installed because {@code holder}, of another protocol, holds its key. */
    public record Conflict(Route route, Route holder) {}

    public ApplyResult {
        newConflicts = List.copyOf(newConflicts);
        routeFailures = List.copyOf(routeFailures);
        nexthopFailures = List.copyOf(nexthopFailures);
        nexthopDeleteFailures = List.copyOf(nexthopDeleteFailures);
    }

    public boolean hasFailures() {
        return !routeFailures.isEmpty() || !nexthopFailures.isEmpty() || !nexthopDeleteFailures.isEmpty();
    }

    /**
     * Routes on which the kernel and the desired set still disagree after this pass: rejected writes
     * and deletes, conflicts, and podroute routes kept as stale.
     */
    public int drift() {
        return routeFailures.size() + conflicts + pendingStale;
    }

    /** Number of kernel writes the pass made (0 for a no-op pass). */
    public int writes() {
        return routesReplaced + routesDeleted + nexthopsReplaced + nexthopsDeleted;
    }
}
