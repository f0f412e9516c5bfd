package io.podroute.agent.cni;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs a command for a test: stdin in, stdout and stderr out, exit status checked on request. */
final class Cmd {
    record Result(int rc, String out, String err) {}

    private Cmd() {}

    /** Runs {@code cmd}; throws with its stdout and stderr unless it exits 0. */
    static String check(String... cmd) {
        return check(List.of(cmd), "", Map.of());
    }

    static String check(List<String> cmd, String stdin, Map<String, String> env) {
        Result r = run(cmd, stdin, env);
        if (r.rc() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.rc() + ": "
                    + r.out().trim() + " " + r.err().trim());
        }
        return r.out();
    }

    static Result run(List<String> cmd, String stdin, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = read(p.getInputStream());
            return new Result(p.waitFor(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        }
    }

    private static String read(java.io.InputStream s) {
        try (s) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
