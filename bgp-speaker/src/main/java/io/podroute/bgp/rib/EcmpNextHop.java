package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;

/**
 * One member of a prefix's ECMP set.
 *
 * @param nextHop where to forward, or null for a locally originated route
 * @param peer the peer the path came from
 */
public record EcmpNextHop(NextHopAddress nextHop, PeerInfo peer) {}
