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
 * @param pendingStale podroute routes in the kernel that are not desired but were kept, because the
 *     owner has not yet said its desired set is complete
 */
public record ApplyResult(
        boolean resynced,
        int routesReplaced,
        int routesDeleted,
        int nexthopsReplaced,
        int nexthopsDeleted,
        int pendingStale,
        List<Failure<Route>> routeFailures,
        List<Failure<NexthopObject>> nexthopFailures,
        List<Failure<Integer>> nexthopDeleteFailures) {

    public ApplyResult {
        routeFailures = List.copyOf(routeFailures);
        nexthopFailures = List.copyOf(nexthopFailures);
        nexthopDeleteFailures = List.copyOf(nexthopDeleteFailures);
    }

    public boolean hasFailures() {
        return !routeFailures.isEmpty() || !nexthopFailures.isEmpty() || !nexthopDeleteFailures.isEmpty();
    }

    /** Number of kernel writes the pass made (0 for a no-op pass). */
    public int writes() {
        return routesReplaced + routesDeleted + nexthopsReplaced + nexthopsDeleted;
    }
}
