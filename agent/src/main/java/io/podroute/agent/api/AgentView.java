package io.podroute.agent.api;

import java.util.List;

/**
 * What the running agent shows through its local API ({@code /api/v1/...}) to {@code podroute status},
 * {@code podroute routes} and {@code podroute ipam show}. Implemented by the agent; each call returns
 * a consistent snapshot and may be called from any thread.
 */
public interface AgentView {
    /** The node, its block and every peer. */
    StatusView status();

    /** Every route the agent wants in the kernel, with whether the kernel has it. */
    List<RouteView> routes();

    /** Why a prefix is (or is not) installed; {@code prefix} as text, e.g. {@code 10.244.1.0/26}. */
    RouteExplanation explain(String prefix);

    /** Every block of the datastore and the node holding it. */
    IpamView ipam();
}
