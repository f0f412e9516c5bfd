package io.podroute.bgp.exabgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervised ExaBGP child. Started (and restarted) on the speaker's thread; its stdout lines (the
 * relay's JSON and acks) are handed to that thread tagged with the generation of the process that
 * wrote them; its stderr (ExaBGP's log) goes to our log prefixed {@code exabgp:}. When it exits it is
 * started again after a backoff: 1 s doubling to 30 s (the settings), back to the start after it ran
 * for twice the maximum.
 *
 * <p>Invariants: {@code process}, {@code stdin}, {@code generation} and the backoff are touched only
 * on the speaker's thread; the reader threads only read their stream and post to that thread.
 */
final class ExaBgpProcess {
    private static final Logger log = LoggerFactory.getLogger(ExaBgpProcess.class);

    /** What the supervisor needs from its owner; all called on the speaker's thread. */
    interface Handler {
        /** Writes the configuration for a new process and returns its path. */
        Path prepare(int generation);

        void line(int generation, String line);

        void exited(int generation, int exitCode);
    }

    private final ExaBgpSettings settings;
    private final Handler handler;
    private final ScheduledExecutorService loop;
    private Process process;
    private Writer stdin;
    private int generation;
    private long startedAt;
    private Duration backoff;
    private long restarts;
    private boolean closed;

    ExaBgpProcess(ExaBgpSettings settings, Handler handler, ScheduledExecutorService loop) {
        this.settings = settings;
        this.handler = handler;
        this.loop = loop;
        this.backoff = settings.initialBackoff();
    }

    /** Starts a new ExaBGP; a failure to start counts as an exit (retried with backoff). */
    void start() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        Path config;
        try {
            config = handler.prepare(gen);
        } catch (RuntimeException e) {
            log.error("cannot prepare ExaBGP's configuration ({}); retrying in {}", e.getMessage(), backoff);
            scheduleRestart();
            return;
        }
        List<String> cmd = new ArrayList<>(settings.launcher());
        cmd.addAll(
                List.of("/bin/sh", "-c", ExaBgpConfig.LAUNCH, settings.binary().toString(), config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(settings.workDir().toFile());
        pb.environment().putAll(ExaBgpConfig.environment());
        try {
            process = pb.start();
        } catch (IOException e) {
            log.error("cannot start ExaBGP ({}): {}; retrying in {}", cmd, e.getMessage(), backoff);
            process = null;
            scheduleRestart();
            return;
        }
        startedAt = System.nanoTime();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Process p = process;
        reader("exabgp-out-" + gen, () -> readLines(p, gen));
        reader("exabgp-err-" + gen, () -> logLines(p));
        var unused = p.onExit().thenRun(() -> loop.execute(() -> onExit(p, gen)));
        log.info("ExaBGP started (pid {}, config {})", p.pid(), config);
    }

    /** Sends one API command; lost if ExaBGP is down (the next start's configuration has the routes). */
    void send(String command) {
        if (stdin == null) {
            return;
        }
        try {
            stdin.write(command);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            log.warn("ExaBGP API command not delivered ({}): {}; the restarted ExaBGP gets the routes", e, command);
            stdin = null;
        }
    }

    /** Kills the child (SIGKILL, no NOTIFICATION): the supervisor starts a new one after the backoff. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** Stops the child for good: SIGKILL when {@code graceful} is false, else SIGTERM and up to 5 s. */
    void stop(boolean graceful) {
        closed = true;
        Process p = process;
        if (p == null) {
            return;
        }
        if (graceful) {
            p.destroy();
            try {
                if (p.waitFor(5, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        closeStdin();
    }

    /** The current child's pid, or -1. */
    long pid() {
        Process p = process;
        return p == null || !p.isAlive() ? -1 : p.pid();
    }

    long restarts() {
        return restarts;
    }

    int generation() {
        return generation;
    }

    private void onExit(Process p, int gen) {
        if (gen != generation) {
            return;
        }
        closeStdin(); // an orphaned relay still reading our old pipe sees EOF and goes
        process = null;
        process = null;
        handler.exited(gen, p.exitValue());
        if (closed) {
            return;
        }
        if (Duration.ofNanos(System.nanoTime() - startedAt)
                        .compareTo(settings.maxBackoff().multipliedBy(2))
                >= 0) {
            backoff = settings.initialBackoff();
        }
        log.warn(
                "ExaBGP (pid {}) exited with status {}; restarting in {} ms",
                p.pid(),
                p.exitValue(),
                backoff.toMillis());
        scheduleRestart();
    }

    private void closeStdin() {
        Writer w = stdin;
        stdin = null;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                log.debug("closing ExaBGP's stdin: {}", e.toString());
            }
        }
    }

    private void scheduleRestart() {
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
        var unusedRestart = loop.schedule(
                () -> {
                    if (!closed) {
                        restarts++;
                        start();
                    }
                },
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void readLines(Process p, int gen) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line;
                loop.execute(() -> handler.line(gen, l));
            }
        } catch (IOException | RuntimeException e) {
            log.debug("ExaBGP stdout reader ended: {}", e.toString());
        }
    }

    private static void logLines(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                log.info("exabgp: {}", line);
            }
        } catch (IOException e) {
            log.debug("ExaBGP stderr reader ended: {}", e.toString());
        }
    }

    private static void reader(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
