package io.podroute.agent;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.AddressOps;
import io.podroute.netlink.ops.LinkOps;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.routes.Addresses;
import io.podroute.routes.InterfaceAddress;
import io.podroute.routes.Link;
import io.podroute.routes.NextHop;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.Comparator;
import java.util.Optional;

/**
 * Finds this node's underlay IPv4 address when the configuration does not name it: the first global
 * address of the interface the default route leaves by ({@code ip -4 route show default}, lowest
 * metric first), or of the configured interface. This is what Calico's "first-found"/"can-reach"
 * autodetection does in the common case, without guessing between several uplinks.
 */
final class NodeAddress {
    private static final int AF_INET = 2;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RT_SCOPE_UNIVERSE = 0;

    private NodeAddress() {}

    /**
     * @param interfaceName detect on this interface; null: the default route's interface
     * @throws NetlinkException ENODEV/ENETUNREACH with a message that says what to configure
     */
    static Inet4Address detect(NetlinkHandle handle, String interfaceName) throws NetlinkException {
        int ifIndex;
        String where;
        if (interfaceName != null) {
            Link l = new LinkOps(handle).get(interfaceName);
            ifIndex = l.index();
            where = "interface " + interfaceName;
        } else {
            ifIndex = defaultRouteInterface(handle)
                    .orElseThrow(() -> new NetlinkException(
                            Errno.ENETUNREACH,
                            "detect the node IP: no IPv4 default route; set node.ip or node.interface"));
            where = "the default route's interface (index " + ifIndex + ")";
        }
        for (InterfaceAddress a : new AddressOps(handle).list(AF_INET)) {
            if (a.ifIndex() == ifIndex && a.scope() == RT_SCOPE_UNIVERSE) {
                return (Inet4Address) Addresses.inet(a.address());
            }
        }
        throw new NetlinkException(
                Errno.ENODEV, "detect the node IP: " + where + " has no global IPv4 address; set node.ip");
    }

    private static Optional<Integer> defaultRouteInterface(NetlinkHandle handle) throws NetlinkException {
        return new RouteOps(handle)
                .list(AF_INET, RT_TABLE_MAIN, RouteOps.ANY).stream()
                        .filter(r -> r.dst().length() == 0)
                        .min(Comparator.comparingInt(Route::priority))
                        .map(NodeAddress::outInterface)
                        .filter(i -> i > 0);
    }

    private static int outInterface(Route r) {
        if (r.ifIndex() > 0) {
            return r.ifIndex();
        }
        return r.multipath().stream()
                .mapToInt(NextHop::ifIndex)
                .filter(i -> i > 0)
                .findFirst()
                .orElse(0);
    }
}
