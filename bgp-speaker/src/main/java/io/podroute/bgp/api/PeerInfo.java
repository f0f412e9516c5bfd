package io.podroute.bgp.api;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The source of a path as the RIB and policy see it, fixed when the session reaches Established.
 *
 * @param address the peer's address (the key of its Adj-RIB-In; the loopback address for local paths)
 * @param remoteAs the peer's AS (unsigned 32-bit)
 * @param localAs our AS on this session (unsigned 32-bit)
 * @param routerId the peer's BGP identifier from its OPEN (unsigned 32-bit in an int)
 * @param type local, iBGP or eBGP
 * @param routeReflectorClient true if we reflect routes to this iBGP peer (RFC 4456)
 */
public record PeerInfo(
        InetAddress address, long remoteAs, long localAs, int routerId, PeerType type, boolean routeReflectorClient) {
    public PeerInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (remoteAs < 0 || remoteAs > 0xFFFF_FFFFL || localAs < 0 || localAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS numbers are unsigned 32-bit");
        }
    }

    /** The source of locally originated paths for a speaker with {@code localAs} and {@code routerId}. */
    public static PeerInfo local(long localAs, int routerId) {
        return new PeerInfo(InetAddress.getLoopbackAddress(), localAs, localAs, routerId, PeerType.LOCAL, false);
    }

    public boolean isEbgp() {
        return type == PeerType.EBGP;
    }

    public boolean isIbgp() {
        return type == PeerType.IBGP;
    }
}
