package io.podroute.routes.kernel;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory kernel routing table for unit tests, shipped in the test-jar for other modules.
 *
 * <p>It keeps the kernel's rules that matter to a reconciler: one route per key, whatever its
 * protocol ({@link #put} models a foreign route, e.g. {@code ip route add ... proto static}); an
 * exclusive create ({@link #addRoutes}) of a held key fails with EEXIST; deletes restricted
 * to the route's protocol (ESRCH otherwise); a route's nexthop object must exist (EINVAL); deleting
 * an object deletes the routes using it. Failures are injected with fail-next flags: a whole call
 * ({@link #failNextCall}), or one item by destination or nexthop id ({@link #failNextWrite},
 * {@link #failNextNexthop}), or always ({@link #failAlways}). Thread-safe.
 */
public final class FakeKernel implements KernelRoutes {
    private final Map<RouteKey, Route> routes = new LinkedHashMap<>();
    private final Map<Integer, NexthopObject> nexthops = new LinkedHashMap<>();
    private final Map<Prefix, Errno> failNextWrite = new HashMap<>();
    private final Map<Prefix, Errno> failAlways = new HashMap<>();
    private final Map<Integer, Errno> failNextNexthop = new HashMap<>();
    private Errno failNextCall;
    private boolean nexthopObjects = true;
    private int writes;
    private int lists;

    /** The next call of any method throws {@code errno} without changing anything. */
    public synchronized FakeKernel failNextCall(Errno errno) {
        failNextCall = errno;
        return this;
    }

    /** The next replace or delete of a route to {@code dst} is rejected with {@code errno}. */
    public synchronized FakeKernel failNextWrite(Prefix dst, Errno errno) {
        failNextWrite.put(dst, errno);
        return this;
    }

    /** Every write of a route to {@code dst} is rejected until {@link #clearFailures()}. */
    public synchronized FakeKernel failAlways(Prefix dst, Errno errno) {
        failAlways.put(dst, errno);
        return this;
    }

    public synchronized FakeKernel failNextNexthop(int id, Errno errno) {
        failNextNexthop.put(id, errno);
        return this;
    }

    public synchronized void clearFailures() {
        failNextWrite.clear();
        failAlways.clear();
        failNextNexthop.clear();
        failNextCall = null;
    }

    /** Simulates an old kernel without nexthop objects. */
    public synchronized FakeKernel withoutNexthopObjects() {
        nexthopObjects = false;
        return this;
    }

    /** Puts a route as if someone else (or `ip route replace`) had written it. */
    public synchronized void put(Route r) {
        routes.put(r.key(), r);
    }

    /** Removes a route as if deleted by hand. */
    public synchronized void remove(RouteKey key) {
        routes.remove(key);
    }

    public synchronized List<Route> allRoutes() {
        return new ArrayList<>(routes.values());
    }

    public synchronized Route route(RouteKey key) {
        return routes.get(key);
    }

    public synchronized List<NexthopObject> allNexthops() {
        return new ArrayList<>(nexthops.values());
    }

    /** Successful route and nexthop writes so far (a no-op pass adds none). */
    public synchronized int writes() {
        return writes;
    }

    public synchronized int lists() {
        return lists;
    }

    private void checkCall(String what) throws NetlinkException {
        Errno e = failNextCall;
        if (e != null) {
            failNextCall = null;
            throw new NetlinkException(e, what + " (injected)");
        }
    }

    private Errno injected(Prefix dst) {
        Errno e = failNextWrite.remove(dst);
        return e != null ? e : failAlways.get(dst);
    }

    @Override
    public synchronized List<Route> listRoutes(int protocol) throws NetlinkException {
        checkCall("list routes");
        lists++;
        List<Route> out = new ArrayList<>();
        for (Route r : routes.values()) {
            if (r.protocol() == protocol) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Failure<Route>> addRoutes(List<Route> list) throws NetlinkException {
        checkCall("add routes");
        return write("add", list, true);
    }

    @Override
    public synchronized List<Failure<Route>> replaceRoutes(List<Route> list) throws NetlinkException {
        checkCall("replace routes");
        return write("replace", list, false);
    }

    private List<Failure<Route>> write(String op, List<Route> list, boolean exclusive) {
        List<Failure<Route>> failures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Route r = list.get(i);
            Errno e = injected(r.dst());
            if (e == null && r.nexthopId() != 0 && !nexthops.containsKey(r.nexthopId())) {
                e = Errno.EINVAL;
            }
            if (e == null && exclusive && routes.containsKey(r.key())) {
                e = Errno.EEXIST;
            }
            if (e != null) {
                failures.add(new Failure<>(i, r, new NetlinkException(e, op + " " + r)));
            } else {
                routes.put(r.key(), r);
                writes++;
            }
        }
        return failures;
    }

    @Override
    public synchronized List<Route> routesAt(Collection<RouteKey> keys) throws NetlinkException {
        checkCall("list routes at keys");
        List<Route> out = new ArrayList<>();
        for (RouteKey k : keys) {
            Route r = routes.get(k);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Failure<Route>> deleteRoutes(List<Route> list) throws NetlinkException {
        checkCall("delete routes");
        List<Failure<Route>> failures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Route r = list.get(i);
            Errno e = injected(r.dst());
            Route have = routes.get(r.key());
            if (e == null && (have == null || have.protocol() != r.protocol())) {
                e = Errno.ESRCH;
            }
            if (e != null) {
                failures.add(new Failure<>(i, r, new NetlinkException(e, "delete " + r)));
            } else {
                routes.remove(r.key());
                writes++;
            }
        }
        return failures;
    }

    @Override
    public synchronized boolean supportsNexthopObjects() {
        return nexthopObjects;
    }

    @Override
    public synchronized List<NexthopObject> listNexthops(int protocol) throws NetlinkException {
        checkCall("list nexthops");
        List<NexthopObject> out = new ArrayList<>();
        for (NexthopObject n : nexthops.values()) {
            if (n.protocol() == protocol) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Failure<NexthopObject>> replaceNexthops(List<NexthopObject> list) throws NetlinkException {
        checkCall("replace nexthops");
        List<Failure<NexthopObject>> failures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            NexthopObject n = list.get(i);
            Errno e = nexthopObjects ? failNextNexthop.remove(n.id()) : Errno.ENOTSUP;
            if (e == null && n.group().stream().anyMatch(m -> !nexthops.containsKey(m.id()))) {
                e = Errno.EINVAL;
            }
            if (e != null) {
                failures.add(new Failure<>(i, n, new NetlinkException(e, "nexthop replace " + n)));
            } else {
                nexthops.put(n.id(), n);
                writes++;
            }
        }
        return failures;
    }

    @Override
    public synchronized List<Failure<Integer>> deleteNexthops(List<Integer> ids) throws NetlinkException {
        checkCall("delete nexthops");
        List<Failure<Integer>> failures = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            Errno e = failNextNexthop.remove(id);
            if (e == null && !nexthops.containsKey(id)) {
                e = Errno.ENOENT;
            }
            if (e != null) {
                failures.add(new Failure<>(i, id, new NetlinkException(e, "nexthop del id " + id)));
            } else {
                nexthops.remove(id);
                routes.values().removeIf(r -> r.nexthopId() == id);
                writes++;
            }
        }
        return failures;
    }
}
