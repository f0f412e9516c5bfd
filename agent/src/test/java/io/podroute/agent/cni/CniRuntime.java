package io.podroute.agent.cni;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Calls the stock CNI plugins the way a container runtime calls a conflist: the plugin named by
 * {@code plugins[0].type}, run inside the node's network namespace, with that plugin's object plus the
 * list's {@code name} and {@code cniVersion} on stdin and the CNI_* variables in the environment.
 */
final class CniRuntime {
    static final Path CNI_PATH = Path.of("/usr/lib/cni");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String nodeNetns;
    private final JsonNode conflist;

    CniRuntime(String nodeNetns, String conflist) {
        this.nodeNetns = nodeNetns;
        try {
            this.conflist = JSON.readTree(conflist);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plugin's type ({@code bridge}, {@code ptp}), checked to be installed. */
    String pluginType() {
        String type = conflist.at("/plugins/0/type").asText();
        assertTrue(
                Files.isExecutable(CNI_PATH.resolve(type)),
                CNI_PATH.resolve(type) + " missing: install the Debian package containernetworking-plugins");
        return type;
    }

    /** The network configuration a runtime hands the first plugin of the list. */
    String pluginConfig() {
        ObjectNode p = ((ObjectNode) conflist.at("/plugins/0")).deepCopy();
        p.put("name", conflist.get("name").asText());
        p.put("cniVersion", conflist.get("cniVersion").asText());
        return p.toString();
    }

    /** CNI_COMMAND=ADD for the pod namespace; returns the plugin's result. */
    JsonNode add(String containerId, String podNetns) {
        try {
            return JSON.readTree(call("ADD", containerId, podNetns));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CNI_COMMAND=DEL for the pod namespace. */
    void del(String containerId, String podNetns) {
        call("DEL", containerId, podNetns);
    }

    private String call(String command, String containerId, String podNetns) {
        Map<String, String> env = Map.of(
                "CNI_COMMAND",
                command,
                "CNI_CONTAINERID",
                containerId,
                "CNI_NETNS",
                "/run/netns/" + podNetns,
                "CNI_IFNAME",
                "eth0",
                "CNI_PATH",
                CNI_PATH.toString());
        String plugin = CNI_PATH.resolve(pluginType()).toString();
        return Cmd.check(List.of("ip", "netns", "exec", nodeNetns, plugin), pluginConfig(), env);
    }
}
