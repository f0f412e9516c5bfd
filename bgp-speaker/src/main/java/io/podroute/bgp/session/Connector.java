package io.podroute.bgp.session;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * Opens the TCP connection to a peer: the seam between the FSM and the transport. The returned
 * channel is connected, with the peer's socket options (MD5, TTL, GTSM, source address) applied and
 * an empty pipeline; the session installs the codec and itself. Tests hand back embedded channels.
 */
@FunctionalInterface
public interface Connector {
    /**
     * Connects to {@code config.remoteAddress()}.
     *
     * @param ttl the TTL (hop limit) of our packets: {@link PeerConfig#effectiveTtl}
     */
    Future<Channel> connect(PeerConfig config, int ttl);
}
