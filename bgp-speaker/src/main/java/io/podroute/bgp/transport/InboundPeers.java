package io.podroute.bgp.transport;

import io.podroute.bgp.session.BgpPeer;
import java.net.InetAddress;

/** Which configured peer an inbound connection belongs to, by its source address; null to refuse it. */
@FunctionalInterface
public interface InboundPeers {
    BgpPeer peerFor(InetAddress remote);
}
