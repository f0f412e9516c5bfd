package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.routes.Prefix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Ipam} on a {@link FileDatastore}, plus claims from several processes on one file. */
class FileIpamTest extends IpamContractTest {
    @TempDir
    Path dir;

    @Override
    protected Datastore newStore() {
        return FileDatastore.open(dir.resolve("state/ipam.json"));
    }

    @Test
    void claimsFromSeveralProcessesAreDistinct() throws Exception {
        int processes = 4;
        int perProcess = 10;
        Path file = dir.resolve("state/ipam.json");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> started = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                started.add(new ProcessBuilder(List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                IpamClaimMain.class.getName(),
                                file.toString(),
                                BIG_POOL.cidr().toString(),
                                "p" + p,
                                Integer.toString(perProcess),
                                dir.resolve("claims-" + p + ".txt").toString()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(dir.resolve("stderr-" + p + ".log").toFile())
                        .start());
            }
            for (int p = 0; p < processes; p++) {
                Path log = dir.resolve("stderr-" + p + ".log");
                assertTrue(started.get(p).waitFor(120, TimeUnit.SECONDS), "process " + p + " did not finish");
                assertEquals(0, started.get(p).exitValue(), () -> stderr(log));
            }
        } finally {
            started.forEach(Process::destroyForcibly);
        }
        Map<Prefix, String> reported = new HashMap<>();
        for (int p = 0; p < processes; p++) {
            for (String line : Files.readAllLines(dir.resolve("claims-" + p + ".txt"), StandardCharsets.UTF_8)) {
                String name = line.substring(0, line.indexOf(' '));
                String block = line.substring(line.indexOf(' ') + 1);
                assertNull(reported.put(Prefix.parse(block), name), "block " + block + " handed out twice");
            }
        }
        assertEquals(processes * perProcess, reported.size());
        Ipam check = ipam(List.of(BIG_POOL));
        assertEquals(processes * perProcess, check.nodes().size(), "no registry write was lost");
        for (NodeRecord n : check.nodes()) {
            assertEquals(n.name(), reported.get(n.block()));
        }
    }

    private static String stderr(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
