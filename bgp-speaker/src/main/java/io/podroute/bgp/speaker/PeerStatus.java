package io.podroute.bgp.speaker;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.SessionStats;
import java.net.InetAddress;

/**
 * A snapshot of one peer for status and metrics. The password is never part of it.
 *
 * @param address the configured remote address
 * @param remoteAs the configured remote AS
 * @param state the FSM state
 * @param established the peer as learned at Established, or null
 * @param stats session counters, uptime, last NOTIFICATIONs
 * @param routes routes received, accepted and rejected per family, or null before the first UPDATE
 * @param advertisedIpv4 IPv4 prefixes currently advertised to the peer
 * @param advertisedIpv6 IPv6 prefixes currently advertised to the peer
 * @param importPolicy why routes are accepted or not ("configured", or the RFC 8212 reason)
 * @param exportPolicy why routes are sent or not
 */
public record PeerStatus(
        InetAddress address,
        long remoteAs,
        SessionState state,
        PeerInfo established,
        SessionStats stats,
        PeerCounters routes,
        int advertisedIpv4,
        int advertisedIpv6,
        String importPolicy,
        String exportPolicy) {}
