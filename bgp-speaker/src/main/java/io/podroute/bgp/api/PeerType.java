package io.podroute.bgp.api;

/** Where a path came from, for the decision process (RFC 4271 §9.1.2.2 d) and iBGP rules (§9.2). */
public enum PeerType {
    /** Originated by this speaker. */
    LOCAL,
    /** Learned from a peer in our AS. */
    IBGP,
    /** Learned from a peer in another AS. */
    EBGP
}
