package io.podroute.ipip;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.AddressOps;
import io.podroute.netlink.ops.LinkOps;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.routes.InterfaceAddress;
import io.podroute.routes.Link;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * The interface that carries the node IP and its MTU; tunnel MTU = underlay MTU - 20 (the outer
 * IPv4 header, RFC 2003 §3).
 */
public record Underlay(InetAddress nodeIp, int ifIndex, String ifName, int mtu) {
    public static final int IPIP_OVERHEAD = 20;

    public int tunnelMtu() {
        return mtu - IPIP_OVERHEAD;
    }

    /** {@code ip -o addr show to NODE_IP} then {@code ip link show dev THAT}; ENODEV if no interface has it. */
    public static Underlay detect(NetlinkHandle handle, InetAddress nodeIp) throws NetlinkException {
        byte[] want = nodeIp.getAddress();
        for (InterfaceAddress a : new AddressOps(handle).list(want.length == 4 ? 2 : 10)) {
            if (Arrays.equals(a.address(), want)) {
                for (Link l : new LinkOps(handle).list()) {
                    if (l.index() == a.ifIndex()) {
                        return new Underlay(nodeIp, l.index(), l.name(), l.mtu());
                    }
                }
            }
        }
        throw new NetlinkException(
                Errno.ENODEV, "find the interface carrying node IP " + nodeIp.getHostAddress() + " (no such address)");
    }
}
