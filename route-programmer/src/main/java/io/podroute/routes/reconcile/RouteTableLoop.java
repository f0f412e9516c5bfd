package io.podroute.routes.reconcile;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.RouteMonitor;
import io.podroute.routes.Link;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link RouteTable}: one thread runs every pass. A pass runs when kicked (desired set
 * changed, a monitor event), after a failure (with a retry delay), and every resync interval with a
 * full re-read of the kernel. Kicks coalesce: at most one pass is queued at a time.
 *
 * <p>It is also the monitor's listener: events go to the table's queue and kick a pass, so a route
 * deleted by hand is restored as soon as the event arrives. A link change kicks a resync, since the
 * kernel drops routes silently when their device goes away.
 */
public final class RouteTableLoop implements RouteMonitor.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTableLoop.class);

    private final RouteTable table;
    private final Duration retryDelay;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final Duration resyncInterval;
    /** System.nanoTime() of the last pass that ran to its end (with or without failures). */
    private volatile long lastPassNanos = System.nanoTime();

    private volatile boolean lastPassClean;
    private final PassListener listener;
    private final ScheduledFuture<?> periodic;
    private volatile ScheduledFuture<?> retry;

    /**
     * @param resyncInterval how often a full resync runs (suggested 60 s)
     * @param retryDelay wait before retrying after a failure (suggested 1 s)
     * @param listener told about every pass on the loop thread (e.g. {@link RouteTableMetrics})
     */
    public RouteTableLoop(RouteTable table, Duration resyncInterval, Duration retryDelay, PassListener listener) {
        this.table = table;
        this.retryDelay = retryDelay;
        this.resyncInterval = resyncInterval;
        this.listener = listener;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "route-table-" + table.protocol());
            t.setDaemon(true);
            return t;
        });
        long every = resyncInterval.toMillis();
        periodic = executor.scheduleWithFixedDelay(
                () -> {
                    table.requestResync();
                    kick();
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /** Requests a pass soon; cheap and idempotent while one is queued. */
    public void kick() {
        if (queued.compareAndSet(false, true)) {
            executor.execute(this::pass);
        }
    }

    /** Passes completed so far (successful or with per-item failures). */
    public long passes() {
        return passes.get();
    }

    /** The interval of full resyncs: a loop with no pass for much longer than this is stuck. */
    public Duration resyncInterval() {
        return resyncInterval;
    }

    /** Time since the last pass ended (failed or not), or since the loop started if none has. */
    public Duration sinceLastPass() {
        return Duration.ofNanos(System.nanoTime() - lastPassNanos);
    }

    /** Whether the last pass completed with every item applied (false before the first pass). */
    public boolean lastPassClean() {
        return lastPassClean;
    }

    private void pass() {
        queued.set(false);
        long start = System.nanoTime();
        try {
            ApplyResult r = table.apply();
            passes.incrementAndGet();
            lastPassClean = !r.hasFailures();
            lastPassNanos = System.nanoTime();
            listener.onPass(r, Duration.ofNanos(lastPassNanos - start));
            if (r.hasFailures()) {
                retryLater();
            }
        } catch (NetlinkException e) {
            failed(e);
            LOG.warn("route table pass failed: {}; resync and retry in {}", e.getMessage(), retryDelay);
        } catch (RuntimeException e) {
            failed(e);
            LOG.error("route table pass failed unexpectedly; resync and retry in {}", retryDelay, e);
        }
    }

    private void failed(Exception e) {
        lastPassClean = false;
        lastPassNanos = System.nanoTime();
        listener.onPassFailed(e);
        retryLater();
    }

    private void retryLater() {
        retry = executor.schedule(this::kick, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onRoute(Route route, boolean deleted) {
        table.onRouteEvent(route, deleted);
        kick();
    }

    @Override
    public void onNexthop(NexthopObject nexthop, boolean deleted) {
        table.onNexthopEvent(nexthop, deleted);
        kick();
    }

    @Override
    public void onLink(Link link, boolean deleted) {
        table.requestResync();
        kick();
    }

    @Override
    public void onOverflow() {
        table.requestResync();
        kick();
    }

    @Override
    public void close() {
        periodic.cancel(false);
        ScheduledFuture<?> r = retry;
        if (r != null) {
            r.cancel(false);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
