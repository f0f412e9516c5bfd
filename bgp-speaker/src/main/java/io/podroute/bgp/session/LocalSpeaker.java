package io.podroute.bgp.session;

/**
 * What the local speaker is on every session: its AS (unsigned 32-bit; a peer may override it with
 * {@link PeerConfig#localAs()}), its BGP identifier, and its graceful-restart state (RFC 4724 §3).
 * {@code restarting} sets the Restart State bit: only in the OPENs sent right after a restart, so the
 * glue replaces the speaker with {@link #restartDone()} once End-of-RIB went to every peer (or the
 * restart time ran out). {@code forwardingPreserved} sets the Forwarding State bit of every family: we
 * kept our forwarding state (the routes stayed in the kernel) across the last restart; it stays set
 * after the restart is done.
 */
public record LocalSpeaker(long asn, int routerId, boolean restarting, boolean forwardingPreserved) {
    public LocalSpeaker {
        if (asn <= 0 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("asn: must be 1..4294967295, got " + asn);
        }
        if (routerId == 0) {
            throw new IllegalArgumentException("routerId: must not be 0.0.0.0 (RFC 6286)");
        }
    }

    /** Restarting with forwarding state preserved, or a fresh start with neither bit. */
    public LocalSpeaker(long asn, int routerId, boolean restarting) {
        this(asn, routerId, restarting, restarting);
    }

    public LocalSpeaker(long asn, int routerId) {
        this(asn, routerId, false, false);
    }

    /** The same speaker once the restart is over: Restart State bit cleared, Forwarding State kept. */
    public LocalSpeaker restartDone() {
        return new LocalSpeaker(asn, routerId, false, forwardingPreserved);
    }
}
