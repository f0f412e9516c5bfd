package io.podroute.routes.kernel;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * Hands every route of {@code protocol} in every table, both families, to {@code sink} without
     * holding them all; returns how many were delivered. The netlink implementation streams the dump
     * and, if the kernel reports it interrupted by a concurrent change, fails with EAGAIN after a
     * partial delivery: the caller discards what it gathered and may start again. The sink must not
     * call back into this object.
     */
    default int forEachRoute(int protocol, Consumer<? super Route> sink) throws NetlinkException {
        List<Route> all = listRoutes(protocol);
        all.forEach(sink);
        return all.size();
    }

    /**
     * The netlink port id whose requests cause this object's writes, or 0 if unknown. Route events
     * stamped with it are the echo of our own writes ({@link io.podroute.netlink.ops.RouteMonitor#ignoreSender(int)}).
     */
    default int senderPortId() {
        return 0;
    }

    /**
     * Creates each route only if its key is free ({@code ip route add}, NLM_F_CREATE|NLM_F_EXCL): a
     * key held by any route, of any protocol, is rejected with EEXIST and left as it is.
     */
    List<Failure<Route>> addRoutes(List<Route> routes) throws NetlinkException;

    /** Creates or replaces each route (by key), whoever holds the key ({@code ip route replace}). */
    List<Failure<Route>> replaceRoutes(List<Route> routes) throws NetlinkException;

    /**
     * The routes, of any protocol, that hold {@code keys} now; keys that nothing holds are left out.
     * Costs a dump of each (family, table) involved: meant for the rare conflicts, not for passes.
     */
    List<Route> routesAt(Collection<RouteKey> keys) throws NetlinkException;

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
