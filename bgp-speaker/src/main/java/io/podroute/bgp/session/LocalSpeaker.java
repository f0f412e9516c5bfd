package io.podroute.bgp.session;

/**
 * What the local speaker is on every session: its AS (unsigned 32-bit; a peer may override it with
 * {@link PeerConfig#localAs()}), its BGP identifier, and whether it is restarting gracefully (RFC 4724
 * §3: the Restart State bit, and the Forwarding State bit for every family, are then advertised, until
 * the glue clears it after sending End-of-RIB everywhere).
 */
public record LocalSpeaker(long asn, int routerId, boolean restarting) {
    public LocalSpeaker {
        if (asn <= 0 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("asn: must be 1..4294967295, got " + asn);
        }
        if (routerId == 0) {
            throw new IllegalArgumentException("routerId: must not be 0.0.0.0 (RFC 6286)");
        }
    }

    public LocalSpeaker(long asn, int routerId) {
        this(asn, routerId, false);
    }
}
