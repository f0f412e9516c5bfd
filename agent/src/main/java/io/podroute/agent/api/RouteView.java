package io.podroute.agent.api;

import java.util.List;

/**
 * One route the agent wants in the kernel ({@code podroute routes}).
 *
 * @param prefix the destination
 * @param kind "direct", "ipip", "ecmp" or "blackhole"
 * @param nextHops gateways ("192.168.1.12"), empty for blackhole
 * @param device the device for tunnelled routes (tunl0, podtun0), or null
 * @param why a short reason: "block of node2 via mesh peer 192.168.1.12 (directly connected)",
 *     "own block: drop unassigned pod IPs"
 * @param inKernel whether the last reconciliation pass found it in the kernel
 */
public record RouteView(
        String prefix, String kind, List<String> nextHops, String device, String why, boolean inKernel) {
    public RouteView {
        nextHops = List.copyOf(nextHops);
    }
}
