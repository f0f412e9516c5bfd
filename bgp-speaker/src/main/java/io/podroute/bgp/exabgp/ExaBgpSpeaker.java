package io.podroute.bgp.exabgp;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.RibListener;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.bgp.speaker.Speaker;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Speaker} backed by ExaBGP 4.2 as a supervised child process: ExaBGP runs the BGP
 * sessions, podroute keeps everything else (RIB, decision process, policies, graceful-restart
 * bookkeeping, what reaches the kernel — ExaBGP never touches it). See docs/exabgp.md.
 *
 * <p>Threads: one single-threaded executor runs the {@link ExaBgpCore} (RIB, peers), the process
 * supervisor and all timers; public methods hop onto it and wait (30 s), so nothing is locked.
 * Listeners run on it and must not block. ExaBGP's output reaches it from two reader threads.
 */
public final class ExaBgpSpeaker implements Speaker {
    private static final Logger log = LoggerFactory.getLogger(ExaBgpSpeaker.class);

    private final ExaBgpSettings settings;
    private final ScheduledExecutorService loop;
    private final ExaBgpCore core;
    private final ExaBgpProcess process;
    private volatile Thread loopThread;

    private ExaBgpSpeaker(SpeakerConfig config, ExaBgpSettings settings) {
        this.settings = settings;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "exabgp-speaker");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        this.process = new ExaBgpProcess(settings, new Supervised(), loop);
        this.core = new ExaBgpCore(config, process::send, loop, Clock.systemUTC());
    }

    /**
     * Checks the {@code exabgp} binary (present, 4.2 or later: else {@link ExaBgpUnavailableException}
     * naming the Debian package), then starts ExaBGP with a configuration generated from {@code
     * config} and {@code peers}, our {@code routes} in it (so every peer gets them before ExaBGP's
     * End-of-RIB). {@code beforeSessions} runs on the speaker's thread before ExaBGP starts: the place
     * to add listeners that must not miss the first best-path change or End-of-RIB.
     */
    public static ExaBgpSpeaker start(
            SpeakerConfig config,
            Collection<SpeakerPeer> peers,
            Collection<LocalRoute> routes,
            ExaBgpSettings settings,
            Consumer<Speaker> beforeSessions) {
        String version = ExaBgpBinary.check(settings.binary());
        try {
            Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ExaBGP work dir " + settings.workDir(), e);
        }
        List<LocalRoute> initial = List.copyOf(routes);
        ExaBgpSpeaker s = new ExaBgpSpeaker(config, settings);
        try {
            s.call(() -> {
                beforeSessions.accept(s);
                for (SpeakerPeer p : peers) {
                    s.core.addPeer(p);
                }
                s.core.setLocalRoutes(initial);
                s.process.start();
                return null;
            });
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        log.info("ExaBGP {} backend started for {} peer(s), work dir {}", version, peers.size(), settings.workDir());
        return s;
    }

    /** Adds or replaces a peer. ExaBGP learns of it by a restart (the other sessions restart gracefully). */
    @Override
    public void addPeer(SpeakerPeer peer) {
        call(() -> {
            if (!core.hasPeer(peer)) {
                core.addPeer(peer);
                log.info(
                        "peer {} added: restarting ExaBGP with the new configuration",
                        peer.session().remoteAddress());
                process.kill();
            }
            return null;
        });
    }

    /** Forgets a peer and its routes; ExaBGP is restarted without it. */
    @Override
    public void removePeer(InetAddress address) {
        call(() -> {
            if (core.removePeer(address)) {
                log.info("peer {} removed: restarting ExaBGP with the new configuration", address.getHostAddress());
                process.kill();
            }
            return null;
        });
    }

    @Override
    public void setAdvertisements(Collection<LocalRoute> routes) {
        List<LocalRoute> copy = List.copyOf(routes);
        call(() -> {
            core.setLocalRoutes(copy);
            return null;
        });
    }

    @Override
    public void addListener(RibListener listener) {
        core.listeners.add(listener);
    }

    public void removeListener(RibListener listener) {
        core.listeners.remove(listener);
    }

    @Override
    public void addEndOfRibListener(BiConsumer<InetAddress, Family> listener) {
        core.endOfRibListeners.add(listener);
    }

    @Override
    public List<PeerStatus> peers() {
        return call(core::status);
    }

    @Override
    public <T> T query(Function<Rib, T> query) {
        return call(() -> query.apply(core.rib));
    }

    /** Lines of ExaBGP's output that were malformed or unexpected (logged and ignored), for metrics. */
    public long malformedLines() {
        return call(core::malformedLines);
    }

    /** API commands ExaBGP answered with {@code error}, for metrics. */
    public long apiErrors() {
        return call(core::apiErrors);
    }

    /** Times the supervisor restarted ExaBGP, for metrics. */
    public long restarts() {
        return call(process::restarts);
    }

    /** The running ExaBGP's pid, or -1 while it is down. */
    public long childPid() {
        return call(process::pid);
    }

    /** SIGTERM to ExaBGP, which closes its sessions with a Cease NOTIFICATION ({@code text} is logged only). */
    @Override
    public void shutdown(String text) {
        log.info("stopping ExaBGP: {}", text);
        stop(true);
    }

    /** SIGKILL to ExaBGP: no NOTIFICATION, so peers with graceful restart keep our routes. */
    @Override
    public void close() {
        stop(false);
    }

    private void stop(boolean graceful) {
        if (loop.isShutdown()) {
            return;
        }
        try {
            call(() -> {
                process.stop(graceful);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("stopping ExaBGP failed ({}); stopping the speaker anyway", e.toString());
        } finally {
            loop.shutdownNow();
        }
    }

    /** The supervisor's callbacks, on the speaker's thread. */
    private final class Supervised implements ExaBgpProcess.Handler {
        @Override
        public Path prepare(int generation) {
            try {
                Path relay = settings.workDir().resolve("podroute-relay.sh");
                Files.writeString(relay, ExaBgpConfig.relayScript(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(relay, PosixFilePermissions.fromString("rwx------"));
                Path conf = settings.workDir().resolve("exabgp.conf");
                Files.writeString(conf, core.configuration(relay), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
                return conf;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write ExaBGP's configuration in " + settings.workDir(), e);
            }
        }

        @Override
        public void line(int generation, String line) {
            if (generation == process.generation()) {
                core.line(line);
            }
        }

        @Override
        public void exited(int generation, int exitCode) {
            core.exited();
        }
    }

    private <T> T call(Callable<T> task) {
        if (Thread.currentThread() == loopThread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the ExaBGP speaker's thread", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ExaBGP speaker's thread did not answer in 30 s", e);
        }
    }
}
