package io.podroute.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podroute.bgp.policy.PolicySpec;
import io.podroute.bgp.policy.PrefixListEntry;
import java.util.List;
import java.util.Map;

/**
 * The YAML file of {@code podroute agent} as written (docs/config.md, "agent"): every field nullable
 * so that the validators can tell "absent" from a value and name the field in their errors; defaults
 * are applied by {@link AgentConfigLoader}. Binding is strict: unknown fields are refused with their
 * path. Durations are text ({@code 30s}, {@code 10m}, {@code 24h}, {@code PT24H}).
 *
 * @param node who this node is
 * @param bgp the speaker, the node mesh and static peers
 * @param ipam the pod address pools
 * @param datastore where blocks and the node registry live
 * @param ipip the tunnel towards other nodes
 * @param cni the conflist the agent writes
 * @param routes how kernel routes are written
 * @param api the local API for the CLI
 * @param metrics the Prometheus endpoint
 */
public record AgentConfig(
        Node node,
        Bgp bgp,
        Ipam ipam,
        Datastore datastore,
        Ipip ipip,
        Cni cni,
        Routes routes,
        Api api,
        Metrics metrics) {

    /** {@code node}: name (default the host name), IP or the interface to find it on. */
    public record Node(String name, String ip, @JsonProperty("interface") String ipInterface) {}

    /**
     * {@code bgp}: {@code peers}, {@code prefixLists} and {@code policies} have exactly the shape of
     * {@code bgp serve}'s. {@code listen} stays null when absent (the default applies) and is empty when
     * written as {@code []} (no listening socket).
     */
    public record Bgp(
            Long asn,
            String routerId,
            List<String> listen,
            Mesh mesh,
            List<BgpServeConfig.Peer> peers,
            Map<String, List<PrefixListEntry>> prefixLists,
            Map<String, PolicySpec> policies,
            String speaker,
            ExaBgp exabgp) {
        public Bgp {
            peers = peers == null ? List.of() : peers;
            prefixLists = prefixLists == null ? Map.of() : prefixLists;
            policies = policies == null ? Map.of() : policies;
        }
    }

    /** {@code bgp.exabgp}: the ExaBGP child process, with {@code bgp.speaker: exabgp}. */
    public record ExaBgp(String binary, String workDir) {}

    /** {@code bgp.mesh}: sessions to every other registered node. */
    public record Mesh(
            Boolean enabled,
            Integer port,
            Integer holdTime,
            BgpServeConfig.GracefulRestart gracefulRestart,
            String passwordFile) {}

    /** {@code ipam}: the pools and the release of blocks of dead nodes. */
    public record Ipam(List<Pool> pools, String autoRelease) {}

    /** {@code ipam.pools[]}. */
    public record Pool(String cidr, Integer blockSize, Boolean natOutgoing) {}

    /** {@code datastore}: a JSON file or etcd. */
    public record Datastore(String type, String file, Etcd etcd, String timeout) {}

    /** {@code datastore.etcd}. */
    public record Etcd(List<String> endpoints, String prefix) {}

    /** {@code ipip}. */
    public record Ipip(String mode, String dataPlane) {}

    /** {@code cni}. */
    public record Cni(
            Boolean enabled,
            String confDir,
            String fileName,
            String networkName,
            String plugin,
            String bridge,
            Integer mtu,
            String ipamDataDir) {}

    /** {@code routes}. */
    public record Routes(Integer protocol, Long blackholeMetric, String resyncInterval) {}

    /** {@code api}. */
    public record Api(String listen) {}

    /** {@code metrics}: {@code listen: off} or {@code listen: null} disables the endpoint. */
    public record Metrics(String listen) {}
}
