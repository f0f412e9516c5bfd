package io.podroute.agent.cni;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code nft} binary (Debian package {@code nftables}) as a child process.
 *
 * <p>The child inherits the network namespace of this process, which is what the agent wants: it
 * runs in the node's namespace (under {@code ip netns exec} in the lab and the tests). {@link
 * #inNetns} makes a runner that prefixes the command with {@code ip netns exec NAME}, for tests that
 * drive a namespace other than their own. Immutable, so safe to share; each call is one process.
 */
public final class Nft {
    /** Where Debian's nftables package installs nft. */
    public static final Path DEFAULT_BINARY = Path.of("/usr/sbin/nft");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One short-lived daemon thread per stream drained, so that a stuck nft never pins a pool thread. */
    private static final Executor IO_THREADS = task -> {
        Thread t = new Thread(task, "nft-output");
        t.setDaemon(true);
        t.start();
    };

    private final Path binary;
    private final String netns;

    private Nft(Path binary, String netns) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.netns = netns;
    }

    /** nft at {@link #DEFAULT_BINARY}, in this process's network namespace. */
    public static Nft system() {
        return new Nft(DEFAULT_BINARY, null);
    }

    /** nft at {@code binary}, in this process's network namespace. */
    public static Nft at(Path binary) {
        return new Nft(binary, null);
    }

    /** The same binary run through {@code ip netns exec name} (tests; the agent uses its own netns). */
    public Nft inNetns(String name) {
        return new Nft(binary, Objects.requireNonNull(name, "name"));
    }

    /** The nft binary this runner starts. */
    public Path binary() {
        return binary;
    }

    /** The command line for nft {@code args}, including the {@code ip netns exec} prefix if any. */
    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs nft with {@code args}, feeding {@code stdin} (may be empty) and returning its stdout.
     *
     * @throws NftException when the binary is missing, nft exits non-zero or takes longer than 30 s
     */
    public String run(String stdin, String... args) throws NftException {
        List<String> cmd = command(args);
        String line = String.join(" ", cmd);
        if (!Files.isExecutable(binary)) {
            throw new NftException(
                    line, -1, binary + " not found or not executable: install the Debian package nftables");
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new NftException(line, -1, "cannot start: " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // nft exited before reading all of stdin; its exit status and stderr say why.
        }
        return finish(p, line, out, err);
    }

    private static String finish(Process p, String line, CompletableFuture<String> out, CompletableFuture<String> err)
            throws NftException {
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new NftException(line, -1, "no answer within " + TIMEOUT.toSeconds() + " s, killed");
            }
            int rc = p.exitValue();
            if (rc != 0) {
                throw new NftException(line, rc, err.get().trim());
            }
            return out.get();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NftException(line, -1, "interrupted");
        } catch (ExecutionException e) {
            throw new NftException(line, -1, "reading its output: " + e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                IO_THREADS);
    }

    @Override
    public String toString() {
        return String.join(" ", command());
    }
}
