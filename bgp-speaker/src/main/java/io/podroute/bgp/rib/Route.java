package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;

/**
 * A snapshot of one path in the RIB, made on demand (the RIB itself holds no object per path).
 *
 * @param prefix the destination
 * @param peer where the path came from ({@link io.podroute.bgp.api.PeerType#LOCAL} for our own)
 * @param pathId the add-path id (RFC 7911), 0 without add-path
 * @param attributes the interned attributes after import policy, without NEXT_HOP and MP_(UN)REACH_NLRI
 * @param nextHop the next hop, or null for a locally originated route
 * @param stale true while the peer is restarting gracefully and has not re-announced the path
 */
public record Route(
        Prefix prefix, PeerInfo peer, int pathId, PathAttributes attributes, NextHopAddress nextHop, boolean stale) {}
