package io.podroute.routes.kernel;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import java.util.List;

/**
 * The seam in front of the kernel's routing tables: a real netlink implementation
 * ({@link NetlinkKernelRoutes}) and an in-memory fake with fail-next flags (test-jar).
 *
 * <p>Batch methods return the items the kernel rejected, each with its errno; the other items were
 * applied. They throw only when the whole exchange failed (socket error, lost ACKs) and the outcome
 * of every item is unknown.
 */
public interface KernelRoutes {
    /** Every route of {@code protocol} in every table, both families. */
    List<Route> listRoutes(int protocol) throws NetlinkException;

    /** Creates or replaces each route (by key). */
    List<Failure<Route>> replaceRoutes(List<Route> routes) throws NetlinkException;

    /** Deletes each route by key, restricted to the route's protocol (foreign routes are never hit). */
    List<Failure<Route>> deleteRoutes(List<Route> routes) throws NetlinkException;

    /** Whether the kernel has nexthop objects (Linux 5.3+); if not, use plain gateway routes. */
    boolean supportsNexthopObjects();

    /** Every nexthop object of {@code protocol}. */
    List<NexthopObject> listNexthops(int protocol) throws NetlinkException;

    List<Failure<NexthopObject>> replaceNexthops(List<NexthopObject> nexthops) throws NetlinkException;

    /** Deletes objects by id; the kernel removes the routes that used them. */
    List<Failure<Integer>> deleteNexthops(List<Integer> ids) throws NetlinkException;
}
