package io.podroute.ops.deploy;

import static io.podroute.ops.deploy.DeployFiles.kubernetes;
import static io.podroute.ops.deploy.DeployFiles.text;
import static io.podroute.ops.deploy.DeployFiles.yaml;
import static io.podroute.ops.deploy.DeployFiles.yamlDocuments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the deployment files in ops/deploy honest: they parse, and the least-privilege choices that
 * docs/deploy.md explains (three capabilities, no privileged agent, probes on the loopback API, no
 * Kubernetes API permissions, restart without cleanup) stay as documented.
 */
class DeployFilesTest {
    private static final Set<String> CAPABILITIES = Set.of("NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE");
    private static final String K8S = "kubernetes/";

    static Stream<Path> yamlFiles() {
        return DeployFiles.yamlFiles().stream();
    }

    @ParameterizedTest
    @MethodSource("yamlFiles")
    void everyYamlDocumentParses(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        assertFalse(docs.isEmpty(), file + " has no document");
        docs.forEach(d -> assertTrue(d.isObject(), file + ": a document is not a mapping: " + d));
    }

    @Test
    void kubernetesObjectsHaveApiVersionKindAndName() {
        for (Path file : DeployFiles.yamlFiles()) {
            if (!file.getParent().endsWith("kubernetes")) {
                continue;
            }
            for (JsonNode d : yamlDocuments(file)) {
                assertFalse(d.path("apiVersion").asText().isEmpty(), file + ": apiVersion");
                assertFalse(d.path("kind").asText().isEmpty(), file + ": kind");
                if (!d.path("kind").asText().equals("Kustomization")) {
                    assertFalse(d.path("metadata").path("name").asText().isEmpty(), file + ": metadata.name");
                }
            }
        }
    }

    @Test
    void kustomizationListsEveryManifest() {
        JsonNode k = kubernetes(K8S + "kustomization.yaml", "Kustomization", null);
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new TreeSet<>();
        for (Path file : DeployFiles.yamlFiles()) {
            if (file.getParent().endsWith("kubernetes") && !file.endsWith("kustomization.yaml")) {
                present.add(file.getFileName().toString());
            }
        }
        assertEquals(present, listed);
    }

    @Test
    void daemonSetUsesTheHostNetworkAndRunsEverywhere() {
        JsonNode pod = podSpec();
        assertTrue(pod.path("hostNetwork").asBoolean(), "hostNetwork");
        assertEquals("system-node-critical", pod.path("priorityClassName").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no API token");
        JsonNode tolerations = pod.path("tolerations");
        assertEquals(1, tolerations.size(), "one toleration for every taint");
        assertEquals("Exists", tolerations.get(0).path("operator").asText());
        assertTrue(tolerations.get(0).path("key").isMissingNode(), "no key: every taint");
        JsonNode strategy = daemonSet().path("spec").path("updateStrategy");
        assertEquals("RollingUpdate", strategy.path("type").asText());
        assertEquals(1, strategy.path("rollingUpdate").path("maxUnavailable").asInt());
    }

    @Test
    void agentContainerHoldsExactlyThreeCapabilities() {
        JsonNode security = agent().path("securityContext");
        assertFalse(security.path("privileged").asBoolean(true), "privileged must be false");
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        assertEquals(Set.of("ALL"), strings(security.path("capabilities").path("drop")));
        assertEquals(CAPABILITIES, strings(security.path("capabilities").path("add")));
        assertTrue(podSpec().path("securityContext").path("capabilities").isMissingNode());
    }

    @Test
    void onlyTheForwardingInitContainerIsPrivileged() {
        JsonNode init = podSpec().path("initContainers");
        assertEquals(1, init.size());
        assertEquals("ip-forward", init.get(0).path("name").asText());
        assertTrue(init.get(0).path("command").toString().contains("/proc/sys/net/ipv4/ip_forward"));
        assertEquals(1, podSpec().path("containers").size(), "one long-running container, the agent");
    }

    @Test
    void probesUseTheLoopbackApiOfTheConfig() {
        JsonNode agent = agent();
        Map<String, String> paths = new LinkedHashMap<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = agent.path(probe).path("httpGet");
            assertEquals("127.0.0.1", get.path("host").asText(), probe);
            assertEquals(7179, get.path("port").asInt(), probe);
            paths.put(probe, get.path("path").asText());
        }
        assertEquals(
                Map.of("startupProbe", "/healthz", "livenessProbe", "/healthz", "readinessProbe", "/readyz"), paths);
        assertEquals("127.0.0.1:7179", agentConfig().path("api").path("listen").asText());
    }

    @Test
    void hostPathsAreOnlyTheCniDirectoryAndTheTunDevice() {
        Map<String, String> hostPaths = new LinkedHashMap<>();
        podSpec().path("volumes").forEach(v -> {
            if (v.has("hostPath")) {
                hostPaths.put(
                        v.path("hostPath").path("path").asText(),
                        v.path("hostPath").path("type").asText());
            }
        });
        assertEquals(Map.of("/etc/cni/net.d", "DirectoryOrCreate", "/dev/net/tun", "CharDevice"), hostPaths);
        assertEquals(
                agentConfig().path("cni").path("confDir").asText(),
                mountPath("cni-net-dir"),
                "the conflist goes where the host directory is mounted");
    }

    @Test
    void agentReadsTheConfigMapsFile() {
        List<String> args = new ArrayList<>();
        agent().path("args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("agent", "--config", mountPath("config") + "/agent.yaml"), args);
        JsonNode config = agentConfig();
        assertEquals("etcd", config.path("datastore").path("type").asText());
        assertFalse(config.path("node").has("name"), "node.name comes from the host name (one ConfigMap for all)");
    }

    @Test
    void resourcesAreBounded() {
        JsonNode resources = agent().path("resources");
        assertFalse(resources.path("requests").path("cpu").asText().isEmpty());
        assertFalse(resources.path("requests").path("memory").asText().isEmpty());
        assertFalse(resources.path("limits").path("memory").asText().isEmpty());
    }

    @Test
    void metricsPortAgreesEverywhere() {
        String listen = agentConfig().path("metrics").path("listen").asText();
        assertEquals("0.0.0.0:9179", listen);
        JsonNode service = kubernetes(K8S + "service.yaml", "Service", "podroute-metrics");
        assertEquals(
                "true",
                service.path("metadata")
                        .path("annotations")
                        .path("prometheus.io/scrape")
                        .asText());
        assertEquals(
                "9179",
                service.path("metadata")
                        .path("annotations")
                        .path("prometheus.io/port")
                        .asText());
        assertEquals(
                9179, service.path("spec").path("ports").get(0).path("port").asInt());
        boolean declared = false;
        for (JsonNode port : agent().path("ports")) {
            declared |= port.path("name").asText().equals("metrics")
                    && port.path("containerPort").asInt() == 9179;
        }
        assertTrue(declared, "the agent declares its metrics port");
    }

    @Test
    void theAgentIsGrantedNothingInTheKubernetesApi() {
        JsonNode role = kubernetes(K8S + "rbac.yaml", "ClusterRole", "podroute");
        assertTrue(role.path("rules").isArray() && role.path("rules").isEmpty(), "the agent reads nothing: " + role);
        JsonNode account = kubernetes(K8S + "rbac.yaml", "ServiceAccount", "podroute");
        assertFalse(account.path("automountServiceAccountToken").asBoolean(true));
        assertEquals("podroute", podSpec().path("serviceAccountName").asText());
    }

    @Test
    void unitGrantsTheThreeCapabilitiesAndNoRoot() {
        Map<String, List<String>> unit = unit();
        Set<String> caps = Set.of("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE");
        assertEquals(caps, words(unit, "CapabilityBoundingSet"));
        assertEquals(caps, words(unit, "AmbientCapabilities"));
        String user = single(unit, "User");
        assertNotEquals("root", user);
        assertNotEquals("0", user);
        assertEquals("yes", single(unit, "NoNewPrivileges"));
        assertEquals("strict", single(unit, "ProtectSystem"));
        assertTrue(words(unit, "ReadWritePaths").contains("/etc/cni/net.d"));
        assertEquals("podroute", single(unit, "StateDirectory"));
        for (String key : List.of("ExecStart", "ExecStartPre", "ExecStartPost", "ExecReload")) {
            for (String line : unit.getOrDefault(key, List.of())) {
                assertFalse(line.startsWith("+") || line.startsWith("!"), key + " runs with full privileges: " + line);
            }
        }
        assertEquals(
                "/usr/bin/java $PODROUTE_JAVA_OPTS -XX:+ExitOnOutOfMemoryError -jar /usr/lib/podroute/podroute.jar"
                        + " agent --config /etc/podroute/agent.yaml",
                single(unit, "ExecStart"));
        // The JVM options the benchmarks measured (docs/deploy.md), overridable by a drop-in.
        assertEquals(
                "\"PODROUTE_JAVA_OPTS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -XX:ReservedCodeCacheSize=24m"
                        + " -Xmn12m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xms96m -Xmx1g\"",
                single(unit, "Environment"));
    }

    @Test
    void unitRestartsAndStopsWithoutCleaningUp() {
        Map<String, List<String>> unit = unit();
        assertEquals("always", single(unit, "Restart"));
        assertEquals("SIGTERM", single(unit, "KillSignal"));
        assertNotEquals("none", single(unit, "KillMode"));
        assertFalse(unit.containsKey("ExecStop"), "nothing may undo routes on stop");
        assertFalse(unit.containsKey("ExecStopPost"), "nothing may undo routes on stop");
        assertTrue(
                text("systemd/99-podroute.conf").lines().anyMatch(l -> l.matches("net\\.ipv4\\.ip_forward\\s*=\\s*1")));
    }

    @Test
    void containerImageRunsTheJarWithNftAndNoBuildTools() {
        String file = text("Containerfile");
        List<String> from = file.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, from.size(), "build stage + run stage: " + from);
        assertTrue(from.get(1).contains("debian:bookworm-slim"), from.get(1));
        String run = file.substring(file.indexOf(from.get(1)));
        assertTrue(run.contains("openjdk-17-jre-headless") && run.contains("nftables"), "JRE and nft in the run stage");
        assertFalse(run.contains("maven") || run.contains("jdk-headless"), "no build tools in the run stage");
        assertTrue(run.contains("ENTRYPOINT [\"/usr/bin/podroute\"]"));
        assertTrue(run.contains("-jar /usr/lib/podroute/podroute.jar"));
    }

    private static JsonNode daemonSet() {
        return kubernetes(K8S + "daemonset.yaml", "DaemonSet", "podroute");
    }

    private static JsonNode podSpec() {
        return daemonSet().path("spec").path("template").path("spec");
    }

    private static JsonNode agent() {
        for (JsonNode c : podSpec().path("containers")) {
            if (c.path("name").asText().equals("agent")) {
                return c;
            }
        }
        throw new AssertionError("no container named agent");
    }

    private static String mountPath(String volume) {
        for (JsonNode m : agent().path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("the agent does not mount " + volume);
    }

    private static JsonNode agentConfig() {
        JsonNode map = kubernetes(K8S + "configmap.yaml", "ConfigMap", "podroute-config");
        return yaml(map.path("data").path("agent.yaml").asText());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The unit file as key → values (a key may repeat); comments and section headers left out. */
    private static Map<String, List<String>> unit() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : text("systemd/podroute.service").lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0, "not key=value: " + l);
            out.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return out;
    }

    private static String single(Map<String, List<String>> unit, String key) {
        List<String> values = unit.getOrDefault(key, List.of());
        assertEquals(1, values.size(), key + " set once: " + values);
        return values.get(0);
    }

    private static Set<String> words(Map<String, List<String>> unit, String key) {
        Set<String> out = new TreeSet<>();
        unit.getOrDefault(key, List.of())
                .forEach(v -> out.addAll(List.of(v.trim().split("\\s+"))));
        return out;
    }
}
