package io.podroute.bgp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Network namespaces, veth pairs and daemons for one integration test, all removed by {@link #close()}
 * whatever happened: daemons killed by PID (SIGCONT first, in case a test froze one), namespaces
 * deleted, the temporary directory removed. Names start with {@code prbgp-}; addresses are 10.255.x.y
 * and exist only inside the namespaces; the host's interfaces are never touched.
 */
public final class NetnsLab implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Path dir;

    public NetnsLab() {
        prefix = "prbgp-" + ProcessHandle.current().pid() % 10000 + "-" + SEQ.incrementAndGet();
        try {
            dir = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Creates namespace {@code prbgp-…-suffix} with lo up; returns its name. */
    public String namespace(String suffix) {
        String ns = prefix + "-" + suffix;
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
        return ns;
    }

    /** A veth pair between two namespaces, with addresses (CIDR) on each end, both up. */
    public void veth(String nsA, String ifA, List<String> addrsA, String nsB, String ifB, List<String> addrsB) {
        sh("ip", "-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        for (String a : addrsA) {
            sh("ip", "-n", nsA, "addr", "add", a, "dev", ifA, "nodad");
        }
        for (String a : addrsB) {
            sh("ip", "-n", nsB, "addr", "add", a, "dev", ifB, "nodad");
        }
        sh("ip", "-n", nsA, "link", "set", ifA, "up");
        sh("ip", "-n", nsB, "link", "set", ifB, "up");
    }

    /** A thread inside {@code ns}, closed with the lab. */
    public NetnsThread thread(String ns) {
        NetnsThread t = new NetnsThread(ns);
        closeables.add(t);
        return t;
    }

    /** Registers something to close (before the namespaces go) with the lab. */
    public <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    /** Starts {@code cmd} inside {@code ns}, output to {@code dir/logName}. */
    public Process start(String ns, String logName, Map<String, String> env, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName).toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full, e);
        }
    }

    public static void signal(Process p, String signal) {
        sh("kill", "-" + signal, Long.toString(p.pid()));
    }

    /** Runs a command, returns its output; fails on a non-zero exit. */
    public static String sh(String... cmd) {
        Result r = run(cmd);
        if (r.exit != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
        }
        return r.output;
    }

    public record Result(int exit, String output) {}

    public static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timeout");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 100 ms until true or {@code timeout}; true if it became true. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    public String read(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public Path write(String file, String content) {
        try {
            return Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep cleaning up
            }
        }
        for (Process p : processes) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            run("kill", "-CONT", Long.toString(p.pid()));
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            // any process still inside (a daemon's forked child) dies with its namespace's pids
            for (String pid : run("ip", "netns", "pids", ns).output().split("\n", -1)) {
                if (!pid.isBlank()) {
                    run("kill", "-9", pid.trim());
                }
            }
            run("ip", "netns", "delete", ns);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
