package io.podroute.agent.metrics;

import io.podroute.routes.reconcile.ApplyResult;
import io.podroute.routes.reconcile.PassListener;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * {@code podroute_route_programming_seconds}: from a batch of best-path changes reaching the route sync
 * to the end of the route table pass that wrote it, every write acknowledged by the kernel. The route
 * sync reports each batch that changed the desired set ({@link #changed}, with the time the batch
 * arrived and the table's generation after the change); each clean pass ({@link #onPass}) observes the
 * batches whose generation it covered. A pass with rejections observes nothing: its batches wait for
 * the pass that retries them.
 *
 * <p>Thread-safe: batches come from the route sync's thread, passes from the table loop's.
 */
public final class ProgrammingLatency implements PassListener, AutoCloseable {
    /** Batches waiting for their pass beyond this are dropped (a stuck loop must not grow memory). */
    static final int MAX_PENDING = 4096;

    private final PrometheusRegistry registry;
    private final Histogram histogram;
    private final LongSupplier passGeneration;
    private final LongSupplier nanoTime;
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();

    /**
     * @param passGeneration the generation the last pass covered ({@code RouteTable::passGeneration})
     * @param nanoTime the clock of the {@code receivedNanos} handed to {@link #changed}
     */
    public ProgrammingLatency(PrometheusRegistry registry, LongSupplier passGeneration, LongSupplier nanoTime) {
        this.registry = registry;
        this.passGeneration = passGeneration;
        this.nanoTime = nanoTime;
        this.histogram = Histogram.builder()
                .name("podroute_route_programming_seconds")
                .help("Time from a best-path change reaching the route sync to the kernel's ACK of the pass that"
                        + " wrote it")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    /** A batch that arrived at {@code receivedNanos} is in the route table's desired set at {@code generation}. */
    public synchronized void changed(long receivedNanos, long generation) {
        if (pending.size() < MAX_PENDING) {
            pending.addLast(new long[] {generation, receivedNanos});
        }
    }

    @Override
    public void onPass(ApplyResult result, Duration took) {
        if (result.hasFailures()) {
            return;
        }
        long covered = passGeneration.getAsLong();
        long now = nanoTime.getAsLong();
        synchronized (this) {
            while (!pending.isEmpty() && pending.peekFirst()[0] <= covered) {
                histogram.observe((now - pending.pollFirst()[1]) / 1e9);
            }
        }
    }

    /** Unregisters the histogram. */
    @Override
    public void close() {
        registry.unregister(histogram);
    }

    /** Batches not yet observed. */
    synchronized int pending() {
        return pending.size();
    }
}
