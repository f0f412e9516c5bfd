package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerType;

/**
 * One path as the decision process sees it: its interned attributes, its source and its add-path id.
 * {@code path} is the index in {@link PathStore} (0 when the candidate is not stored).
 */
record Candidate(AttrSet attrs, PeerState peer, int pathId, int path) {
    boolean local() {
        return peer.info.type() == PeerType.LOCAL;
    }

    boolean ebgp() {
        return peer.info.type() == PeerType.EBGP;
    }

    /** ORIGINATOR_ID if present, else the peer's BGP identifier (RFC 4456 §9), unsigned. */
    long routerId() {
        return attrs.originatorId != AttrSet.ABSENT ? attrs.originatorId : peer.info.routerId() & 0xFFFF_FFFFL;
    }
}
