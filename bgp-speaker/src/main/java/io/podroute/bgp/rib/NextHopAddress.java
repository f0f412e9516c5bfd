package io.podroute.bgp.rib;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A path's next hop: the address the RIB keys and compares on (NEXT_HOP, or the global address of an
 * MP_REACH_NLRI next hop) and, for IPv6, the link-local address that came with it (RFC 2545 §3), kept
 * for whoever programs the route but ignored for identity in the ECMP set.
 *
 * @param address the global next hop (IPv4 or IPv6)
 * @param linkLocal the link-local next hop, or null
 */
public record NextHopAddress(InetAddress address, InetAddress linkLocal) {
    public NextHopAddress {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return address.getHostAddress() + (linkLocal == null ? "" : " (" + linkLocal.getHostAddress() + ")");
    }
}
