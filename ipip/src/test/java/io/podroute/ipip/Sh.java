package io.podroute.ipip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs commands for the test labs (test code only; the product speaks netlink and syscalls). */
public final class Sh {
    private Sh() {}

    /** The outcome of a command. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** Runs {@code cmd} with {@code stdin}; never throws on a non-zero exit. */
    public static Result exec(List<String> cmd, String stdin, List<String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            for (String kv : env) {
                int eq = kv.indexOf('=');
                pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] err;
            byte[] out = p.getInputStream().readAllBytes();
            err = p.getErrorStream().readAllBytes();
            int rc = p.waitFor();
            return new Result(rc, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        }
    }

    /** Runs {@code cmd}; returns stdout; throws with stderr on a non-zero exit. */
    public static String run(String... cmd) {
        Result r = exec(List.of(cmd), null, List.of());
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exit() + ": "
                    + r.all().trim());
        }
        return r.out();
    }

    /** {@code ip netns exec NS cmd...}. */
    public static Result inNs(String ns, String... cmd) {
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return exec(full, null, List.of());
    }
}
