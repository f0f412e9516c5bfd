package io.podroute.bgp.rib;

import java.net.InetAddress;

/**
 * Per-peer RIB counters for metrics and status. "Received" counts are cumulative since the peer was
 * first seen; "accepted" is the number of the peer's paths now in its Adj-RIB-In (after import policy
 * and the checks of {@link Rib#applyUpdate}).
 *
 * @param peer the peer's address
 * @param updates UPDATE messages applied
 * @param treatAsWithdraw UPDATEs handled as withdrawals of all their prefixes (RFC 7606)
 * @param announcedV4 IPv4 prefixes received as reachable
 * @param announcedV6 IPv6 prefixes received as reachable
 * @param withdrawnV4 IPv4 prefixes received as withdrawn (treat-as-withdraw included)
 * @param withdrawnV6 IPv6 prefixes received as withdrawn (treat-as-withdraw included)
 * @param rejectedV4 IPv4 announcements not used: import policy, unusable next hop, or loop
 * @param rejectedV6 IPv6 announcements not used: import policy, unusable next hop, or loop
 * @param acceptedV4 IPv4 paths of the peer now in the Adj-RIB-In
 * @param acceptedV6 IPv6 paths of the peer now in the Adj-RIB-In
 */
public record PeerCounters(
        InetAddress peer,
        long updates,
        long treatAsWithdraw,
        long announcedV4,
        long announcedV6,
        long withdrawnV4,
        long withdrawnV6,
        long rejectedV4,
        long rejectedV6,
        int acceptedV4,
        int acceptedV6) {}
