package io.podroute.agent;

import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.ipam.NodeRecord;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.policy.PodNetworkPolicies;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who this node peers with: the static peers of the configuration (ToR routers), and, with the mesh
 * on, every other node of the registry. Peers without a configured policy get the pod network's:
 * import accepts prefixes inside the pools (down to the block size), export announces our own block.
 * A node whose IP is also a static peer is not meshed (the static entry wins). Immutable.
 */
final class PeerDirectory {
    private final AgentSetup.Bgp bgp;
    private final String self;
    private final Inet4Address nodeIp;
    private final RoutePolicy podImport;
    private final RoutePolicy podExport;
    private final List<SpeakerPeer> staticPeers;

    PeerDirectory(AgentSetup setup, String self, Inet4Address nodeIp, Prefix block) {
        this.bgp = setup.bgp();
        this.self = self;
        this.nodeIp = nodeIp;
        List<PodNetworkPolicies.Pool> pools = setup.pools().stream()
                .map(p -> new PodNetworkPolicies.Pool(p.cidr().toString(), p.blockSize()))
                .toList();
        this.podImport = PodNetworkPolicies.importPolicy(pools, false, false);
        this.podExport = PodNetworkPolicies.exportPolicy(List.of(block.toString()));
        this.staticPeers = bgp.peers().stream().map(this::withDefaults).toList();
    }

    List<SpeakerPeer> staticPeers() {
        return staticPeers;
    }

    boolean isStatic(InetAddress address) {
        return staticPeers.stream().anyMatch(p -> p.session().remoteAddress().equals(address));
    }

    /** The mesh peers for this registry, by address (empty with the mesh off). */
    Map<InetAddress, SpeakerPeer> mesh(List<NodeRecord> nodes) {
        Map<InetAddress, SpeakerPeer> out = new LinkedHashMap<>();
        if (!bgp.mesh().enabled()) {
            return out;
        }
        for (NodeRecord n : nodes) {
            if (n.name().equals(self) || n.nodeIp().equals(nodeIp) || isStatic(n.nodeIp())) {
                continue;
            }
            out.put(n.nodeIp(), meshPeer(n));
        }
        return out;
    }

    private SpeakerPeer meshPeer(NodeRecord n) {
        AgentSetup.Mesh m = bgp.mesh();
        PeerConfig.Builder b = PeerConfig.builder(n.nodeIp(), n.asn())
                .remotePort(m.port())
                .holdTime(m.holdTime())
                .gracefulRestart(m.gracefulRestart())
                .restartTime(m.restartTime())
                .sourceAddress(nodeIp);
        if (m.password() != null) {
            b.password(m.password());
        }
        return new SpeakerPeer(b.build(), podImport, podExport, null, false);
    }

    private SpeakerPeer withDefaults(SpeakerPeer p) {
        return new SpeakerPeer(
                p.session(),
                p.importPolicy() == null ? podImport : p.importPolicy(),
                p.exportPolicy() == null ? podExport : p.exportPolicy(),
                p.maxPrefix(),
                p.nextHopSelf());
    }
}
