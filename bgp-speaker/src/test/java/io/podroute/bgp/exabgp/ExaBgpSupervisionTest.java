package io.podroute.bgp.exabgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with a fake {@code exabgp} (no root, no BGP): it answers {@code --version}, writes a
 * malformed line and a state change on fd 3 (as the real one's relay does), reads one command and
 * exits; the speaker counts the line, applies the state, and restarts it with backoff.
 */
class ExaBgpSupervisionTest {
    @TempDir
    Path dir;

    private Path fake(String version) throws IOException {
        Path bin = dir.resolve("exabgp");
        Files.writeString(
                bin,
                "#!/bin/sh\n"
                        + "if [ \"$1\" = \"--version\" ]; then echo \"ExaBGP : " + version + "\"; exit 0; fi\n"
                        + "echo \"fake exabgp log line, config $1\"\n"
                        + "echo garbage >&3\n"
                        + "echo '{\"type\": \"state\", \"neighbor\": {\"address\": {\"local\": \"10.0.0.1\", \"peer\":"
                        + " \"10.0.0.2\"}, \"state\": \"connected\"}}' >&3\n"
                        + "sleep 0.2\n"
                        + "exit 3\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    private static SpeakerConfig config() {
        return new SpeakerConfig(
                RibConfig.of(64512, 0x0A000001), List.of(), ExaBgpJson.address("10.0.0.1"), null, false);
    }

    @Test
    void exitsAreRestartedWithBackoffAndOutputIsCounted() throws Exception {
        ExaBgpSettings settings = ExaBgpSettings.defaults(dir.resolve("work"))
                .withBinary(fake("4.2.21"))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
        SpeakerPeer peer = SpeakerPeer.of(PeerConfig.builder(ExaBgpJson.address("10.0.0.2"), 64513)
                .password("pw")
                .build());
        try (ExaBgpSpeaker s = ExaBgpSpeaker.start(config(), List.of(peer), List.of(), settings, sp -> {})) {
            assertTrue(await(() -> s.restarts() >= 2), "restarted: " + s.restarts());
            assertTrue(s.malformedLines() >= 2, "one malformed line per run: " + s.malformedLines());
            assertTrue(await(() -> s.peers().get(0).state() == SessionState.OPEN_SENT || s.restarts() >= 3));
            Path conf = dir.resolve("work/exabgp.conf");
            assertTrue(Files.readString(conf, StandardCharsets.UTF_8).contains("neighbor 10.0.0.2 {"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
            assertTrue(Files.isExecutable(dir.resolve("work/podroute-relay.sh")));
        }
    }

    @Test
    void tooOldIsRefusedAtStart() throws Exception {
        ExaBgpSettings settings = ExaBgpSettings.defaults(dir.resolve("work")).withBinary(fake("3.4.30"));
        ExaBgpUnavailableException e = assertThrows(
                ExaBgpUnavailableException.class,
                () -> ExaBgpSpeaker.start(config(), List.of(), List.of(), settings, sp -> {}));
        assertTrue(e.getMessage().contains("3.4.30 ") && e.getMessage().contains("too old"), e.getMessage());
    }

    private static boolean await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return c.getAsBoolean();
    }
}
