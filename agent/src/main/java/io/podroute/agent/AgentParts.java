package io.podroute.agent;

import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.ipam.Datastore;
import io.podroute.agent.ipam.Ipam;
import io.podroute.agent.ipam.NodeRecord;
import io.podroute.agent.sync.RouteSync;
import io.podroute.bgp.speaker.Speaker;
import io.podroute.ipip.TunnelDataPlane;
import java.time.Instant;

/**
 * The running agent's parts, as the status view reads them.
 *
 * @param tunnel the IP-in-IP data plane, or null with mode Never
 */
record AgentParts(
        AgentSetup setup,
        NodeRecord node,
        Instant startedAt,
        Ipam ipam,
        Datastore store,
        Speaker speaker,
        RouteSync sync,
        MeshSync mesh,
        TunnelDataPlane tunnel) {}
