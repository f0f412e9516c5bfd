package io.podroute.routes.kernel;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.netlink.ops.NexthopOps;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** {@link KernelRoutes} over one rtnetlink handle (one network namespace). */
public final class NetlinkKernelRoutes implements KernelRoutes {
    private final int portId;
    private final RouteOps routes;
    private final NexthopOps nexthops;
    private final boolean nexthopObjects;

    public NetlinkKernelRoutes(NetlinkHandle handle) {
        this.portId = handle.portId();
        this.routes = new RouteOps(handle);
        this.nexthops = new NexthopOps(handle);
        this.nexthopObjects = probeNexthops(nexthops);
    }

    private static boolean probeNexthops(NexthopOps ops) {
        try {
            ops.list(RouteOps.ANY);
            return true;
        } catch (NetlinkException e) {
            return false;
        }
    }

    @Override
    public List<Route> listRoutes(int protocol) throws NetlinkException {
        return routes.list(Rtnl.AF_UNSPEC, RouteOps.ANY, protocol);
    }

    @Override
    public int forEachRoute(int protocol, Consumer<? super Route> sink) throws NetlinkException {
        return routes.forEach(Rtnl.AF_UNSPEC, RouteOps.ANY, protocol, sink);
    }

    @Override
    public int senderPortId() {
        return portId;
    }

    @Override
    public List<Failure<Route>> addRoutes(List<Route> list) throws NetlinkException {
        return routes.addAll(list);
    }

    @Override
    public List<Route> routesAt(Collection<RouteKey> keys) throws NetlinkException {
        Set<RouteKey> wanted = new HashSet<>(keys);
        Set<List<Integer>> dumps = new HashSet<>();
        for (RouteKey k : keys) {
            dumps.add(List.of(k.dst().family(), k.table()));
        }
        List<Route> out = new ArrayList<>();
        for (List<Integer> d : dumps) {
            for (Route r : routes.list(d.get(0), d.get(1), RouteOps.ANY)) {
                if (wanted.contains(r.key())) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Override
    public List<Failure<Route>> replaceRoutes(List<Route> list) throws NetlinkException {
        return routes.replaceAll(list);
    }

    @Override
    public List<Failure<Route>> deleteRoutes(List<Route> list) throws NetlinkException {
        return routes.deleteAll(list);
    }

    @Override
    public boolean supportsNexthopObjects() {
        return nexthopObjects;
    }

    @Override
    public List<NexthopObject> listNexthops(int protocol) throws NetlinkException {
        return nexthopObjects ? nexthops.list(protocol) : List.of();
    }

    @Override
    public List<Failure<NexthopObject>> replaceNexthops(List<NexthopObject> list) throws NetlinkException {
        return nexthops.replaceAll(list);
    }

    @Override
    public List<Failure<Integer>> deleteNexthops(List<Integer> ids) throws NetlinkException {
        return nexthops.deleteAll(ids);
    }
}
