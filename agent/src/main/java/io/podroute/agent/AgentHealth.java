package io.podroute.agent;

import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.ops.health.Health;
import io.podroute.ops.health.HealthCheck;
import io.podroute.ops.health.HealthCheck.Result;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The agent's health checks (docs/operations.md).
 *
 * <p>Liveness ({@code /healthz}): {@code bgp_loop}, the speaker's event loop answers a no-op query
 * within {@link #LOOP_TIMEOUT}; {@code route_table_loop}, the route table's loop ended a pass within 3
 * resync intervals (it runs one every interval at least).
 *
 * <p>Readiness ({@code /readyz}): {@code datastore} reachable; {@code block} claimed; {@code
 * bgp_sessions}, at least one session Established (or no peer configured); {@code restart_gate} open
 * (after a restart: every peer's End-of-RIB in, stale routes judged); {@code routes}, the route table
 * has completed a pass and the last one had no failures.
 *
 * <p>Calls into the speaker run on a probe thread of their own, bounded by {@link #LOOP_TIMEOUT}, so a
 * stuck speaker fails the check instead of hanging the API's thread; while a probe is stuck, further
 * checks fail at once without queueing more.
 */
final class AgentHealth implements AutoCloseable {
    static final Duration LOOP_TIMEOUT = Duration.ofSeconds(2);

    /** What the checks read; each method is cheap or bounded by the probe. */
    interface Sources {
        /** A no-op round trip through the speaker's loop. */
        void pingSpeaker();

        List<PeerStatus> peers();

        /** Time since the route table's loop ended a pass, and its resync interval. */
        Duration sinceLastPass();

        Duration resyncInterval();

        long passes();

        boolean lastPassClean();

        boolean datastoreReachable();

        String datastore();

        /** The node's block, or null if none is claimed. */
        String block();

        boolean restartGateOpen();
    }

    private final Sources sources;
    private final ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "health-probe");
        t.setDaemon(true);
        return t;
    });
    private Future<?> stuck;

    AgentHealth(Sources sources) {
        this.sources = sources;
    }

    Health health() {
        return new Health(
                List.of(HealthCheck.of("bgp_loop", this::bgpLoop), HealthCheck.of("route_table_loop", this::tableLoop)),
                List.of(
                        HealthCheck.of("datastore", this::datastore),
                        HealthCheck.of("block", this::block),
                        HealthCheck.of("bgp_sessions", this::sessions),
                        HealthCheck.of("restart_gate", this::gate),
                        HealthCheck.of("routes", this::routes)));
    }

    private Result bgpLoop() {
        long start = System.nanoTime();
        call(() -> {
            sources.pingSpeaker();
            return null;
        });
        return Result.ok("the BGP speaker's loop answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private Result tableLoop() {
        Duration since = sources.sinceLastPass();
        Duration limit = sources.resyncInterval().multipliedBy(3);
        String text = "last route table pass " + since.toSeconds() + " s ago (limit " + limit.toSeconds() + " s)";
        return since.compareTo(limit) <= 0 ? Result.ok(text) : Result.fail(text);
    }

    private Result datastore() {
        return sources.datastoreReachable()
                ? Result.ok(sources.datastore() + " reachable")
                : Result.fail(sources.datastore() + " NOT reachable");
    }

    private Result block() {
        String b = sources.block();
        return b == null ? Result.fail("no block claimed") : Result.ok("holds block " + b);
    }

    private Result sessions() {
        List<PeerStatus> peers = call(sources::peers);
        long up = peers.stream()
                .filter(p -> p.state() == SessionState.ESTABLISHED)
                .count();
        if (peers.isEmpty()) {
            return Result.ok("no BGP peers configured");
        }
        String text = up + " of " + peers.size() + " BGP sessions Established";
        return up > 0 ? Result.ok(text) : Result.fail(text);
    }

    private Result gate() {
        return sources.restartGateOpen()
                ? Result.ok("restart gate open")
                : Result.fail("restart: waiting for End-of-RIB before removing stale routes");
    }

    private Result routes() {
        long passes = sources.passes();
        if (passes == 0) {
            return Result.fail("the route table has not completed a pass yet");
        }
        return sources.lastPassClean()
                ? Result.ok(passes + " route table passes, the last without failures")
                : Result.fail("the last route table pass had failures (retrying; see the log)");
    }

    private synchronized <T> T call(Supplier<T> action) {
        if (stuck != null && !stuck.isDone()) {
            throw new IllegalStateException("an earlier probe of the BGP speaker's loop has not returned yet");
        }
        Future<T> f = probe.submit(action::get);
        try {
            return f.get(LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stuck = f;
            throw new IllegalStateException(
                    "the BGP speaker's loop did not answer in " + LOOP_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        probe.shutdownNow();
    }
}
