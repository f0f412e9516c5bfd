package io.podroute.agent.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Validates {@code node}: the name (default: the host name), and the IP or the interface to find it on. */
final class NodeValidator {
    private static final List<Path> HOSTNAME_FILES =
            List.of(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"));

    private final Fields fields;
    private final Supplier<String> hostName;

    /** @param hostName the host name, or null when it cannot be found */
    NodeValidator(Fields fields, Supplier<String> hostName) {
        this.fields = fields;
        this.hostName = hostName;
    }

    /** The node, or null when a field is invalid (the reasons are in {@link Problems}). */
    AgentSetup.Node validate(AgentConfig.Node n) {
        AgentConfig.Node node = n == null ? new AgentConfig.Node(null, null, null) : n;
        Problems problems = fields.problems();
        int before = problems.size();
        String name = name(node.name());
        Inet4Address ip = node.ip() == null ? null : ip(node.ip());
        String ifname = node.ipInterface() == null ? null : fields.ifname(node.ipInterface(), "node.interface");
        if (node.ip() != null && node.ipInterface() != null) {
            problems.add(
                    "node.interface", "cannot be combined with node.ip (the IP is given, there is nothing to detect)");
        }
        return problems.size() > before ? null : new AgentSetup.Node(name, ip, ifname);
    }

    private String name(String written) {
        Problems problems = fields.problems();
        if (written != null) {
            if (!Fields.isNodeName(written)) {
                problems.add("node.name", "'" + written + "' is not a valid node name (" + Fields.NODE_NAME_RULE + ")");
                return null;
            }
            return written;
        }
        String host = hostName.get();
        if (host == null || host.isBlank()) {
            problems.add("node.name", "the host name cannot be determined; set node.name");
            return null;
        }
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (!Fields.isNodeName(lower)) {
            problems.add(
                    "node.name",
                    "the host name '" + host.strip() + "' is not a valid node name (" + Fields.NODE_NAME_RULE
                            + "); set node.name");
            return null;
        }
        return lower;
    }

    private Inet4Address ip(String text) {
        Inet4Address a = fields.ipv4(text, "node.ip");
        if (a == null) {
            return null;
        }
        String why = a.isAnyLocalAddress()
                ? "the unspecified address"
                : a.isLoopbackAddress()
                        ? "a loopback address"
                        : a.isMulticastAddress()
                                ? "a multicast address"
                                : a.getHostAddress().equals("255.255.255.255") ? "the broadcast address" : null;
        if (why != null) {
            fields.problems()
                    .add("node.ip", a.getHostAddress() + " is " + why + "; other nodes must reach this one on it");
            return null;
        }
        return a;
    }

    /**
     * The kernel's host name as {@code hostname} prints it, read without any DNS look-up (unlike
     * {@code InetAddress.getLocalHost()}, which resolves it, and is only the last resort); null when
     * none is found.
     */
    static String systemHostName() {
        for (Path p : HOSTNAME_FILES) {
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8).strip();
                if (!s.isEmpty()) {
                    return s;
                }
            } catch (IOException e) {
                // not on Linux, or no such file: try the next source
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
