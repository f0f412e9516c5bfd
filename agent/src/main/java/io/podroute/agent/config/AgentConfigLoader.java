package io.podroute.agent.config;

import io.podroute.ipip.DataPlaneChoice;
import io.podroute.ipip.mode.IpipMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loads the YAML file of {@code podroute agent --config FILE} (docs/config.md, "agent") into an
 * {@link AgentSetup}: strict binding ({@link YamlBinding}), then every section checked by its validator
 * ({@link NodeValidator}, {@link BgpValidator}, {@link IpamValidator}, {@link DatastoreValidator},
 * {@link HostValidator}) and the checks across sections. Every problem of the file is reported at once,
 * in file order, as {@code path: reason}.
 */
public final class AgentConfigLoader {
    static final String EMPTY = "the file is empty (bgp.asn and ipam.pools are required)";

    private AgentConfigLoader() {}

    /** Loads and validates {@code file}; relative paths in it are resolved against its folder. */
    public static AgentSetup load(Path file) throws ConfigException {
        Path dir = file.toAbsolutePath().getParent();
        return parse(YamlBinding.readFile(file), dir == null ? Path.of(".") : dir);
    }

    /** Validates YAML text; {@code baseDir} resolves relative paths ({@code passwordFile}, folders). */
    public static AgentSetup parse(String yaml, Path baseDir) throws ConfigException {
        return parse(yaml, baseDir, NodeValidator::systemHostName);
    }

    /** As {@link #parse(String, Path)}, with the host name (the default node name) from {@code hostName}. */
    static AgentSetup parse(String yaml, Path baseDir, Supplier<String> hostName) throws ConfigException {
        AgentConfig c = YamlBinding.bind(yaml, AgentConfig.class, EMPTY);
        boolean metricsOff =
                YamlBinding.isExplicitNull(yaml, "metrics") || YamlBinding.isExplicitNull(yaml, "metrics", "listen");
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        Fields fields = new Fields(problems, baseDir);

        AgentSetup.Node node = new NodeValidator(fields, hostName).validate(c.node());
        AgentSetup.Bgp bgp = new BgpValidator(fields, baseDir, warnings).validate(c.bgp());
        IpamValidator ipam = new IpamValidator(fields);
        List<AgentSetup.Pool> pools = ipam.pools(c.ipam());
        Duration autoRelease = ipam.autoRelease(c.ipam());
        AgentSetup.Store store = new DatastoreValidator(fields).validate(c.datastore());
        HostValidator host = new HostValidator(fields, warnings);
        IpipMode mode = host.ipipMode(c.ipip());
        DataPlaneChoice dataPlane = host.dataPlane(c.ipip());
        AgentSetup.Cni cni = host.cni(c.cni());
        AgentSetup.Routes routes = host.routes(c.routes());
        InetSocketAddress api = host.api(c.api());
        InetSocketAddress metrics = host.metrics(c.metrics(), metricsOff);

        if (node != null) {
            ipam.checkNodeIp(node.ip(), pools);
        }
        portConflicts(bgp, api, metrics, problems);
        problems.throwIfAny();
        return new AgentSetup(
                node, bgp, pools, autoRelease, store, mode, dataPlane, cni, routes, api, metrics, warnings);
    }

    /** Two of our listening sockets on the same port and an overlapping address cannot both bind. */
    private static void portConflicts(
            AgentSetup.Bgp bgp, InetSocketAddress api, InetSocketAddress metrics, Problems problems) {
        Map<String, InetSocketAddress> sockets = new LinkedHashMap<>();
        if (bgp != null) {
            for (int i = 0; i < bgp.listen().size(); i++) {
                sockets.put("bgp.listen[" + i + "]", bgp.listen().get(i));
            }
        }
        if (api != null) {
            sockets.put("api.listen", api);
        }
        if (metrics != null) {
            sockets.put("metrics.listen", metrics);
        }
        List<Map.Entry<String, InetSocketAddress>> seen = new ArrayList<>();
        for (Map.Entry<String, InetSocketAddress> e : sockets.entrySet()) {
            for (Map.Entry<String, InetSocketAddress> earlier : seen) {
                if (clash(earlier.getValue(), e.getValue())) {
                    problems.add(
                            e.getKey(),
                            AddressText.format(e.getValue()) + " conflicts with " + earlier.getKey() + " "
                                    + AddressText.format(earlier.getValue()) + " (same port)");
                    break;
                }
            }
            seen.add(e);
        }
    }

    private static boolean clash(InetSocketAddress a, InetSocketAddress b) {
        if (a.getPort() == 0 || a.getPort() != b.getPort()) {
            return false;
        }
        return a.getAddress().equals(b.getAddress())
                || a.getAddress().isAnyLocalAddress()
                || b.getAddress().isAnyLocalAddress();
    }
}
