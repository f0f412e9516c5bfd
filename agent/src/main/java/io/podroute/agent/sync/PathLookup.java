package io.podroute.agent.sync;

import io.podroute.ipip.mode.PeerPath;
import java.net.InetAddress;

/** The underlay decision for one next hop, and which node (if any) owns that address. */
public interface PathLookup {
    /** The decision for {@code nextHop}: the configured IP-in-IP mode for nodes, CrossSubnet otherwise. */
    PeerPath path(InetAddress nextHop);

    /** The name of the registered node with this node IP, or null if it is not a node (e.g. a ToR router). */
    String nodeAt(InetAddress address);
}
