package io.podroute.agent.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.agent.cli.PodrouteCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Shell helpers for the end-to-end tests: namespaces, processes, the podroute CLI run inside a
 * namespace (a real JVM process, so SIGTERM and SIGKILL are real), waiting for conditions.
 */
final class Lab {
    static final Path CNI = Path.of("/usr/lib/cni");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lab() {}

    /** Skips without root or a needed binary, printing why; fails instead under CI. */
    static void require(String test, Path... binaries) throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        String why = root ? null : "not root (network namespaces)";
        for (Path b : binaries) {
            if (why == null && !Files.isExecutable(b)) {
                why = b + " missing (ops/test.sh installs the Debian packages)";
            }
        }
        if (why != null) {
            if (System.getenv("CI") != null) {
                fail("CI must not skip integration tests: " + test + " needs " + why);
            }
            System.err.println("SKIPPED " + test + ": " + why);
            Assumptions.abort(why);
        }
    }

    /** The podroute CLI as a process in namespace {@code ns}. */
    static List<String> podroute(String ns, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                ns,
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PodrouteCli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(Path log, List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    static void sh(String... cmd) {
        String out = run(List.of(cmd));
        if (out.startsWith("!exit")) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    /** Runs a command to completion; its output, or "!exit N: output" when it failed. */
    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "!exit timeout: " + out;
            }
            return p.exitValue() == 0 ? out : "!exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "!exit io: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "!exit interrupted";
        }
    }

    static String run(String... cmd) {
        return run(List.of(cmd));
    }

    static boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(300);
        }
        return condition.getAsBoolean();
    }

    /** Kills every process left in the namespaces with {@code prefix} and deletes them. */
    static void removeNamespaces(String prefix) {
        for (String ns : namespaces(prefix)) {
            for (String pid : run("ip", "netns", "pids", ns).split("\n")) {
                if (!pid.isBlank() && !pid.startsWith("!")) {
                    run("kill", "-9", pid.trim());
                }
            }
            run("ip", "netns", "delete", ns);
        }
    }

    static List<String> namespaces(String prefix) {
        return run("ip", "netns", "list")
                .lines()
                .map(l -> l.split(" ")[0])
                .filter(n -> n.startsWith(prefix))
                .toList();
    }

    /**
     * Makes a pod: namespace {@code podNs} with eth0 from the node's conflist, as a container runtime
     * calls it (the first plugin, with the list's name and cniVersion, CNI_COMMAND=ADD). Returns the
     * pod's IPv4 address.
     */
    static String cniAdd(String nodeNs, String podNs, Path conflist) throws IOException {
        sh("ip", "netns", "add", podNs);
        ObjectNode list = (ObjectNode) JSON.readTree(conflist.toFile());
        ObjectNode plugin = (ObjectNode) list.get("plugins").get(0);
        plugin.set("name", list.get("name"));
        plugin.set("cniVersion", list.get("cniVersion"));
        ProcessBuilder b = new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                nodeNs,
                CNI.resolve(plugin.get("type").asText()).toString());
        b.environment()
                .putAll(Map.of(
                        "CNI_COMMAND",
                        "ADD",
                        "CNI_CONTAINERID",
                        podNs,
                        "CNI_NETNS",
                        "/run/netns/" + podNs,
                        "CNI_IFNAME",
                        "eth0",
                        "CNI_PATH",
                        CNI.toString()));
        Process p = b.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(JSON.writeValueAsBytes(plugin));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(out);
        if (!result.has("ips")) {
            throw new IllegalStateException(podNs + ": CNI ADD failed: " + out);
        }
        return result.get("ips").get(0).get("address").asText().replaceAll("/.*", "");
    }

    /** The pairs (by pod namespace) that cannot ping each other; empty when all can. */
    static List<String> unreachablePairs(Map<String, String> podIps) {
        List<String> failed = new ArrayList<>();
        for (String from : podIps.keySet()) {
            for (Map.Entry<String, String> to : podIps.entrySet()) {
                if (!from.equals(to.getKey())) {
                    String out = run("ip", "netns", "exec", from, "ping", "-c1", "-W2", to.getValue());
                    if (out.startsWith("!exit")) {
                        failed.add(from + " -> " + to.getKey());
                    }
                }
            }
        }
        return failed;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }
}
