package io.podroute.ipip.mode;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.InetAddress;

/** {@link UnderlayRoutes} over one namespace's netlink handle: one RTM_GETROUTE per lookup. */
public final class NetlinkUnderlayRoutes implements UnderlayRoutes {
    private final RouteOps routes;

    public NetlinkUnderlayRoutes(NetlinkHandle handle) {
        this.routes = new RouteOps(handle);
    }

    /** {@code ip route get fibmatch ADDRESS}. */
    @Override
    public Route routeTo(InetAddress address) throws NetlinkException {
        return routes.lookup(Prefix.of(address, address.getAddress().length * 8));
    }
}
