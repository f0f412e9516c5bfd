package io.podroute.ipip;

import io.podroute.routes.Protocols;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * What a tunnel data plane needs to know about this node.
 *
 * @param nodeIp this node's underlay address: outer source, and how the underlay MTU is found
 * @param tunnelAddress an address from this node's block for the tunnel device (a routable source
 *     for host-to-remote-pod traffic), or null for none
 * @param kernelDevice name of the kernel ipip device ({@code tunl0}, adopted if it exists)
 * @param userspaceDevice name of the TUN device of the userspace data plane
 * @param protocol rtm_protocol of the routes to tunnelled blocks
 * @param txQueueLength TUN txqueuelen (the default 500 drops packets under TCP load)
 * @param batch packets per sendmmsg / recvmmsg
 * @param offloads userspace plane: IFF_VNET_HDR with TSO, segmented in userspace
 */
public record TunnelSettings(
        Inet4Address nodeIp,
        Inet4Address tunnelAddress,
        String kernelDevice,
        String userspaceDevice,
        int protocol,
        int txQueueLength,
        int batch,
        boolean offloads) {
    public static final int MIN_TX_QUEUE_LENGTH = 4000;

    public TunnelSettings {
        Objects.requireNonNull(nodeIp, "nodeIp");
        Objects.requireNonNull(kernelDevice, "kernelDevice");
        Objects.requireNonNull(userspaceDevice, "userspaceDevice");
        if (kernelDevice.length() > 15 || userspaceDevice.length() > 15) {
            throw new IllegalArgumentException("interface names are at most 15 bytes");
        }
        if (txQueueLength < MIN_TX_QUEUE_LENGTH) {
            throw new IllegalArgumentException("TUN txqueuelen " + txQueueLength + " < " + MIN_TX_QUEUE_LENGTH
                    + " (the default 500 drops packets under TCP load)");
        }
        if (batch < 1 || batch > 1024) {
            throw new IllegalArgumentException("batch " + batch + " outside 1..1024");
        }
    }

    /** Defaults: tunl0 / podtun0, protocol 77, txqueuelen 10000, batches of 64, TUN offloads on. */
    public static TunnelSettings defaults(Inet4Address nodeIp, Inet4Address tunnelAddress) {
        return new TunnelSettings(nodeIp, tunnelAddress, "tunl0", "podtun0", Protocols.PODROUTE, 10_000, 64, true);
    }

    public TunnelSettings withOffloads(boolean on) {
        return new TunnelSettings(
                nodeIp, tunnelAddress, kernelDevice, userspaceDevice, protocol, txQueueLength, batch, on);
    }
}
