package io.podroute.bgp.exabgp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the ExaBGP child process is run.
 *
 * @param binary the {@code exabgp} executable (Debian: {@code /usr/sbin/exabgp}, package {@code exabgp})
 * @param workDir where the generated configuration and the API relay script are written (created if
 *     missing; the configuration holds MD5 passwords, so it is written owner-only)
 * @param initialBackoff wait before the first restart after the child exited
 * @param maxBackoff the backoff doubles after each quick exit, up to this
 * @param launcher a command prefix for the child, e.g. {@code ip netns exec NS} in tests; empty normally
 */
public record ExaBgpSettings(
        Path binary, Path workDir, Duration initialBackoff, Duration maxBackoff, List<String> launcher) {
    /** Where Debian's {@code exabgp} package installs the executable. */
    public static final Path DEBIAN_BINARY = Path.of("/usr/sbin/exabgp");

    public ExaBgpSettings {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(workDir, "workDir");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "exabgp backoff: need 0 < initial <= max, got " + initialBackoff + ", " + maxBackoff);
        }
        launcher = List.copyOf(launcher);
    }

    /** Debian's binary, restart backoff 1 s doubling to 30 s, no launcher. */
    public static ExaBgpSettings defaults(Path workDir) {
        return new ExaBgpSettings(DEBIAN_BINARY, workDir, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());
    }

    public ExaBgpSettings withBinary(Path path) {
        return new ExaBgpSettings(path, workDir, initialBackoff, maxBackoff, launcher);
    }

    public ExaBgpSettings withLauncher(List<String> prefix) {
        return new ExaBgpSettings(binary, workDir, initialBackoff, maxBackoff, prefix);
    }

    public ExaBgpSettings withBackoff(Duration initial, Duration max) {
        return new ExaBgpSettings(binary, workDir, initial, max, launcher);
    }
}
