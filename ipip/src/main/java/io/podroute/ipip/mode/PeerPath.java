package io.podroute.ipip.mode;

import io.podroute.routes.Addresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * How a peer node's blocks are reached, and why.
 *
 * @param nodeIp the peer's node (underlay) address
 * @param kind direct route, tunnel, or unreachable (the kernel has no route to the node)
 * @param reason a short explanation for logs and the status CLI
 */
public record PeerPath(InetAddress nodeIp, Kind kind, String reason) {
    /** The three outcomes of a decision. */
    public enum Kind {
        /** {@code block via nodeIp}: the node is on a connected subnet. */
        DIRECT,
        /** {@code block via nodeIp dev <tunnel> onlink}: encapsulate. */
        TUNNEL,
        /** No underlay route to the node: neither works; the agent should not install a route. */
        UNREACHABLE
    }

    public PeerPath {
        Objects.requireNonNull(nodeIp, "nodeIp");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean tunnelled() {
        return kind == Kind.TUNNEL;
    }

    @Override
    public String toString() {
        return Addresses.format(nodeIp) + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " (" + reason + ")";
    }
}
