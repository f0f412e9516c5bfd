package io.podroute.bgp.speaker;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.policy.MaxPrefixConfig;
import io.podroute.bgp.session.PeerConfig;
import java.util.Objects;

/**
 * One peer of a {@link BgpSpeaker}: its session settings and what the speaker does with its routes.
 *
 * @param session transport and FSM settings (address, ASNs, timers, password, TTL security, ...)
 * @param importPolicy the configured import policy, or null for none (RFC 8212: an eBGP peer without
 *     one accepts nothing)
 * @param exportPolicy the configured export policy, or null for none (RFC 8212: an eBGP peer without
 *     one is sent nothing)
 * @param maxPrefix the max-prefix limit per family, or null for none
 * @param nextHopSelf whether routes sent to this (iBGP) peer carry our address as next hop
 */
public record SpeakerPeer(
        PeerConfig session,
        RoutePolicy importPolicy,
        RoutePolicy exportPolicy,
        MaxPrefixConfig maxPrefix,
        boolean nextHopSelf) {
    public SpeakerPeer {
        Objects.requireNonNull(session, "session");
    }

    /** A peer with no policies (RFC 8212 defaults apply), no max-prefix, next hop unchanged. */
    public static SpeakerPeer of(PeerConfig session) {
        return new SpeakerPeer(session, null, null, null, false);
    }
}
