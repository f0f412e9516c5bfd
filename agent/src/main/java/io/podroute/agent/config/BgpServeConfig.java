package io.podroute.agent.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.podroute.bgp.policy.MaxPrefixConfig;
import io.podroute.bgp.policy.PolicySpec;
import io.podroute.bgp.policy.PrefixListEntry;
import java.util.List;
import java.util.Map;

/**
 * The YAML file of {@code podroute bgp serve} as written (docs/config.md, "bgp serve"): every field
 * nullable so that the validator ({@link BgpServeSetup#from}) can tell "absent" from a value and name
 * the field in its errors. Binding is strict: unknown fields are refused with their path.
 *
 * @param asn the local AS, required
 * @param routerId the BGP identifier as a dotted quad, required
 * @param listen "addr:port" to accept BGP connections on; none means active peers only
 * @param localAddress our IPv4 and/or IPv6 address, used as next hop (a single string or a list)
 * @param api the local read-only HTTP API address, 127.0.0.1:7179 when absent
 * @param peers the neighbours
 * @param prefixLists named prefix lists (the bgp.policy model)
 * @param policies named policies (the bgp.policy model)
 * @param announce static routes this speaker originates
 */
public record BgpServeConfig(
        Long asn,
        String routerId,
        List<String> listen,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> localAddress,
        String api,
        List<Peer> peers,
        Map<String, List<PrefixListEntry>> prefixLists,
        Map<String, PolicySpec> policies,
        List<Announce> announce) {
    public BgpServeConfig {
        listen = listen == null ? List.of() : listen;
        localAddress = localAddress == null ? List.of() : localAddress;
        peers = peers == null ? List.of() : peers;
        prefixLists = prefixLists == null ? Map.of() : prefixLists;
        policies = policies == null ? Map.of() : policies;
        announce = announce == null ? List.of() : announce;
    }

    /** One {@code peers[]} entry; defaults are applied by the validator. */
    public record Peer(
            String address,
            Integer port,
            Long asn,
            Long localAs,
            Integer holdTime,
            Integer keepalive,
            Integer connectRetry,
            Boolean passive,
            Integer multihopTtl,
            String sourceAddress,
            String passwordFile,
            Integer ttlSecurityHops,
            GracefulRestart gracefulRestart,
            List<String> families,
            AddPath addPath,
            String importPolicy,
            String exportPolicy,
            MaxPrefixConfig maxPrefix,
            Boolean nextHopSelf,
            Boolean routeReflectorClient) {}

    /** {@code peers[].gracefulRestart}: RFC 4724, on by default with a 120 s restart time. */
    public record GracefulRestart(Boolean enabled, Integer restartTime) {}

    /** {@code peers[].addPath}: families in which add-path (RFC 7911) is received / sent. */
    public record AddPath(List<String> receive, List<String> send) {}

    /** One {@code announce[]} entry: a static route with ORIGIN IGP and the optional attributes. */
    public record Announce(
            String prefix,
            List<String> communities,
            List<String> largeCommunities,
            Long med,
            Long localPref,
            Integer asPathPrepend) {}
}
