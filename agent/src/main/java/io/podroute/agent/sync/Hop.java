package io.podroute.agent.sync;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One next hop of a best path (one member of its ECMP set).
 *
 * @param nextHop the BGP next hop
 * @param peer the peer the path was learned from
 */
public record Hop(InetAddress nextHop, InetAddress peer) {
    public Hop {
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(peer, "peer");
    }
}
