package io.podroute.routes;

import io.podroute.netlink.wire.Rtnl;

/**
 * A network interface as RTM_NEWLINK reports it.
 *
 * @param kind the IFLA_INFO_KIND ("veth", "bridge", "ipip", ...), empty for plain devices
 * @param flags IFF_* flags (up, lower-up, ...)
 */
public record Link(int index, String name, int mtu, int flags, String kind, int masterIndex) {
    public boolean isUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    public boolean hasCarrier() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }
}
