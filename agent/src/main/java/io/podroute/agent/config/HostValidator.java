package io.podroute.agent.config;

import io.podroute.ipip.DataPlaneChoice;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.routes.Protocols;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates what the agent does on its own host: {@code ipip}, {@code cni}, {@code routes}, and where
 * the {@code api} and {@code metrics} listen.
 */
final class HostValidator {
    static final String DEFAULT_API = "127.0.0.1:7179";
    static final String DEFAULT_METRICS = "0.0.0.0:9179";
    static final String DEFAULT_CONF_DIR = "/etc/cni/net.d";
    static final String DEFAULT_FILE_NAME = "10-podroute.conflist";
    static final String DEFAULT_NETWORK = "podroute";
    static final String DEFAULT_BRIDGE = "podroute0";
    static final long DEFAULT_BLACKHOLE_METRIC = 1024;
    static final Duration DEFAULT_RESYNC = Duration.ofSeconds(60);

    /** libcni's rule for network names. */
    private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    /** rtm_protocol numbers other routing software writes (linux/rtnetlink.h, FRR, Calico). */
    private static final Map<Integer, String> KNOWN_PROTOCOLS = knownProtocols();

    private final Fields fields;
    private final Problems problems;
    private final List<String> warnings;

    HostValidator(Fields fields, List<String> warnings) {
        this.fields = fields;
        this.problems = fields.problems();
        this.warnings = warnings;
    }

    IpipMode ipipMode(AgentConfig.Ipip ipip) {
        String text = ipip == null ? null : ipip.mode();
        if (text == null) {
            return IpipMode.CROSS_SUBNET;
        }
        try {
            return IpipMode.parse(text.strip());
        } catch (IllegalArgumentException e) {
            problems.add("ipip.mode", "'" + text + "' is not Always, CrossSubnet or Never");
            return IpipMode.CROSS_SUBNET;
        }
    }

    DataPlaneChoice dataPlane(AgentConfig.Ipip ipip) {
        String text = ipip == null ? null : ipip.dataPlane();
        if (text == null) {
            return DataPlaneChoice.AUTO;
        }
        try {
            return DataPlaneChoice.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add("ipip.dataPlane", "'" + text + "' is not auto, kernel or userspace");
            return DataPlaneChoice.AUTO;
        }
    }

    /** The CNI settings, or null when a field is invalid (the reasons are in {@link Problems}). */
    AgentSetup.Cni cni(AgentConfig.Cni c) {
        AgentConfig.Cni cni = c == null ? new AgentConfig.Cni(null, null, null, null, null, null, null, null) : c;
        int before = problems.size();
        Path confDir = fields.path(cni.confDir(), DEFAULT_CONF_DIR, "cni.confDir");
        String fileName = fileName(cni.fileName() == null ? DEFAULT_FILE_NAME : cni.fileName());
        String network = cni.networkName() == null ? DEFAULT_NETWORK : cni.networkName();
        if (!NETWORK_NAME.matcher(network).matches()) {
            problems.add(
                    "cni.networkName",
                    "'" + network + "' is not a valid network name (letters, digits, '_', '.', '-', starting with"
                            + " a letter or digit)");
        }
        AgentSetup.Cni.Plugin plugin = plugin(cni.plugin());
        String bridge = null;
        if (plugin == AgentSetup.Cni.Plugin.BRIDGE) {
            bridge = fields.ifname(cni.bridge() == null ? DEFAULT_BRIDGE : cni.bridge(), "cni.bridge");
        } else if (cni.bridge() != null && plugin != null) {
            problems.add("cni.bridge", "only used with cni.plugin bridge");
        }
        int mtu = cni.mtu() == null ? 0 : cni.mtu();
        if (mtu != 0 && (mtu < 576 || mtu > 0xFFFF)) {
            problems.add("cni.mtu", mtu + " must be 0 (auto) or 576..65535");
        }
        Path dataDir = fields.path(cni.ipamDataDir(), null, "cni.ipamDataDir");
        if (problems.size() > before) {
            return null;
        }
        return new AgentSetup.Cni(
                fields.bool(cni.enabled(), true), confDir, fileName, network, plugin, bridge, mtu, dataDir);
    }

    private String fileName(String name) {
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            problems.add("cni.fileName", "'" + name + "' must be a file name, not a path (the folder is cni.confDir)");
        } else if (!name.endsWith(".conflist") || name.length() == ".conflist".length()) {
            problems.add("cni.fileName", "'" + name + "' must end in .conflist (the runtime ignores other files)");
        } else {
            return name;
        }
        return null;
    }

    private AgentSetup.Cni.Plugin plugin(String text) {
        if (text == null) {
            return AgentSetup.Cni.Plugin.BRIDGE;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "bridge" -> AgentSetup.Cni.Plugin.BRIDGE;
            case "ptp" -> AgentSetup.Cni.Plugin.PTP;
            default -> {
                problems.add("cni.plugin", "'" + text + "' is not bridge or ptp");
                yield null;
            }
        };
    }

    AgentSetup.Routes routes(AgentConfig.Routes r) {
        AgentConfig.Routes routes = r == null ? new AgentConfig.Routes(null, null, null) : r;
        int protocol = fields.range(routes.protocol(), Protocols.PODROUTE, 5, 255, "routes.protocol");
        String owner = KNOWN_PROTOCOLS.get(protocol);
        if (owner != null) {
            warnings.add("routes.protocol: " + protocol + " is used by " + owner + "; podroute replaces and deletes"
                    + " every route carrying its protocol number, so no other routing software on this host may"
                    + " use it");
        }
        long metric = routes.blackholeMetric() == null ? DEFAULT_BLACKHOLE_METRIC : routes.blackholeMetric();
        if (metric < 1 || metric > 0xFFFF_FFFFL) {
            problems.add("routes.blackholeMetric", metric + " is outside 1..4294967295");
        }
        Duration resync = fields.duration(
                routes.resyncInterval(),
                DEFAULT_RESYNC,
                Duration.ofSeconds(1),
                Duration.ofHours(24),
                "routes.resyncInterval");
        return new AgentSetup.Routes(protocol, (int) metric, resync);
    }

    /** The API address: loopback only, since the API has no authentication. */
    InetSocketAddress api(AgentConfig.Api api) {
        String text = api == null || api.listen() == null ? DEFAULT_API : api.listen();
        try {
            InetSocketAddress a = AddressText.socket(text, 0);
            if (!a.getAddress().isLoopbackAddress()) {
                problems.add(
                        "api.listen",
                        AddressText.format(a) + " is not a loopback address (the API has no authentication and"
                                + " must not be reachable from other hosts)");
            }
            return a;
        } catch (IllegalArgumentException e) {
            problems.add("api.listen", e.getMessage());
            return null;
        }
    }

    /** The metrics address; null when disabled ({@code off} or an explicit null). */
    InetSocketAddress metrics(AgentConfig.Metrics metrics, boolean explicitNull) {
        if (explicitNull) {
            return null;
        }
        String text = metrics == null || metrics.listen() == null ? DEFAULT_METRICS : metrics.listen();
        if (text.strip().equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return AddressText.socket(text, 0);
        } catch (IllegalArgumentException e) {
            problems.add("metrics.listen", e.getMessage() + " (or off)");
            return null;
        }
    }

    private static Map<Integer, String> knownProtocols() {
        Map<Integer, String> m = new HashMap<>();
        String[] rtProtos = {
            "gated", "ra", "mrt", "zebra", "BIRD", "dnrouted", "XORP", "ntk", "dhcp", "mrouted", "keepalived"
        };
        for (int i = 0; i < rtProtos.length; i++) {
            m.put(8 + i, rtProtos[i] + " (linux/rtnetlink.h)");
        }
        m.put(42, "babel (linux/rtnetlink.h)");
        m.put(80, "Calico Felix");
        m.put(99, "Open/R (linux/rtnetlink.h)");
        String[] frr = {
            "bgp",
            "isis",
            "ospf",
            "rip",
            "ripng",
            "nhrp",
            "eigrp",
            "ldp",
            "sharp",
            "pbr",
            "static",
            "openfabric",
            "srte"
        };
        for (int i = 0; i < frr.length; i++) {
            m.put(186 + i, "FRR (" + frr[i] + ")");
        }
        return Map.copyOf(m);
    }
}
