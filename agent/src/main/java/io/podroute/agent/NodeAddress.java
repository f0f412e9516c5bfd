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
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds this node's underlay IPv4 address when the configuration does not name it: the first global
 * address of the interface the default route leaves by ({@code ip -4 route show default}, lowest
 * metric first), or of the configured interface. This is what Calico's "first-found"/"can-reach"
 * autodetection does in the common case, without guessing between several uplinks.
 */
final class NodeAddress {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAddress.class);
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

    /** The block's first address: the node's own address in its block (tunnel device, CNI gateway). */
    static Inet4Address firstAddress(Prefix block) {
        byte[] a = block.address();
        a[3] = (byte) (a[3] + 1);
        return (Inet4Address) Addresses.inet(a);
    }

    static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** Pod traffic to and from other nodes is forwarded by this node: net.ipv4.ip_forward = 1. */
    static void enableForwarding() throws AgentStartException {
        Path sysctl = Path.of("/proc/sys/net/ipv4/ip_forward");
        try {
            if (!Files.readString(sysctl, StandardCharsets.US_ASCII).trim().equals("1")) {
                Files.writeString(sysctl, "1\n", StandardCharsets.US_ASCII);
                LOG.info("enabled IPv4 forwarding (net.ipv4.ip_forward = 1)");
            }
        } catch (IOException e) {
            throw new AgentStartException("enabling IPv4 forwarding (" + sysctl + "): " + e, e);
        }
    }
}
