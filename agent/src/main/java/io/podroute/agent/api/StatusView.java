package io.podroute.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code podroute status}.
 *
 * @param node this node's name
 * @param nodeIp this node's underlay address
 * @param asn this node's AS
 * @param block this node's pod CIDR
 * @param ipipMode Always, CrossSubnet or Never
 * @param dataPlane the IP-in-IP data plane in use (kernel, userspace) or "none"
 * @param datastore the datastore, e.g. "file /var/lib/podroute/ipam.json", and whether it is reachable
 * @param datastoreReachable whether the last datastore operation succeeded
 * @param startedAt when the agent started
 * @param peers every peer, mesh first then static, each in address order
 */
public record StatusView(
        String node,
        String nodeIp,
        long asn,
        String block,
        String ipipMode,
        String dataPlane,
        String datastore,
        boolean datastoreReachable,
        Instant startedAt,
        List<PeerView> peers) {
    public StatusView {
        peers = List.copyOf(peers);
    }

    /**
     * One peer.
     *
     * @param address the peer's address
     * @param type "mesh" (another node) or "static" (a configured peer, e.g. a ToR router)
     * @param node the node name for a mesh peer, null for a static one
     * @param asn the peer's AS
     * @param state the BGP FSM state (Idle, Connect, Active, OpenSent, OpenConfirm, Established)
     * @param since when the session entered its current up/down state, or null if never
     * @param received prefixes received from the peer (all families)
     * @param accepted prefixes accepted by import policy
     * @param installed prefixes whose kernel route uses this peer's path
     * @param lastError the last NOTIFICATION or transport error, or null
     */
    public record PeerView(
            String address,
            String type,
            String node,
            long asn,
            String state,
            Instant since,
            long received,
            long accepted,
            long installed,
            String lastError) {}
}
