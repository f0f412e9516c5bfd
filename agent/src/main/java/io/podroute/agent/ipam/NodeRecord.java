package io.podroute.agent.ipam;

import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * A node as registered in the store ({@code nodes/<name>}): who it is, where to reach it, its AS and
 * the pod block it holds. Other nodes build their BGP mesh and tunnel endpoints from these records.
 *
 * @param name the node name, a valid key part ({@code [A-Za-z0-9._-]}, 1..253 characters)
 * @param nodeIp the node's underlay address
 * @param asn the node's AS
 * @param block the node's pod block (IPv4)
 */
public record NodeRecord(String name, Inet4Address nodeIp, long asn, Prefix block) {
    public NodeRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeIp, "nodeIp");
        Objects.requireNonNull(block, "block");
        if (!block.isIpv4()) {
            throw new IllegalArgumentException("block " + block + " of node " + name + " is not IPv4");
        }
        if (asn < 1 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS " + asn + " of node " + name + " out of range 1..4294967295");
        }
    }
}
