package io.podroute.agent;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.routes.Addresses;
import io.podroute.routes.reconcile.RouteTable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back the deletion of stale kernel routes after a restart (RFC 4724 §4.1, receiving side of
 * our own restart): the route table adopted the routes it found, and deletes the ones no best path
 * wants only once every peer configured at start has sent its IPv4 End-of-RIB, or the restart time
 * ran out (a peer that never comes back must not keep stale routes forever). A start with no routes
 * of ours in the kernel has nothing stale and opens the gate at once.
 *
 * <p>Thread-safe: End-of-RIB arrives on the speaker's loop, the timer on its own thread.
 */
final class RestartGate {
    private static final Logger LOG = LoggerFactory.getLogger(RestartGate.class);

    private final RouteTable table;
    private final Runnable kick;
    private final Executor ordered;
    private final Set<InetAddress> waiting = new HashSet<>();
    private ScheduledFuture<?> timer;
    private boolean open;

    /**
     * @param ordered runs the completion after the route changes queued before it (the route sync's
     *     thread): the best paths a peer sent before its End-of-RIB must be desired before stale routes
     *     are judged, or they would be deleted and re-added (a flap)
     */
    RestartGate(RouteTable table, Runnable kick, Executor ordered) {
        this.table = table;
        this.kick = kick;
        this.ordered = ordered;
    }

    /**
     * @param adopted routes of ours found in the kernel at start
     * @param peers the peers whose End-of-RIB we wait for
     * @param max the longest wait
     */
    synchronized void begin(int adopted, Set<InetAddress> peers, Duration max, ScheduledExecutorService scheduler) {
        if (adopted == 0) {
            openGate("no routes of ours in the kernel at start");
            return;
        }
        if (peers.isEmpty()) {
            openGate("restart with no peers");
            return;
        }
        waiting.addAll(peers);
        LOG.info(
                "restart: adopted {} kernel routes; stale ones are removed after End-of-RIB from {} peer(s) or in {} s",
                adopted,
                peers.size(),
                max.toSeconds());
        timer = scheduler.schedule(
                () -> openGate("restart time of " + max.toSeconds() + " s over, still waiting for " + waitingText()),
                max.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    synchronized void endOfRib(InetAddress peer, Family family) {
        if (Family.IPV4_UNICAST.equals(family)) {
            stopWaitingFor(peer, "End-of-RIB from every peer");
        }
    }

    /** A peer left the configuration (node removed): it no longer holds the gate. */
    synchronized void peerRemoved(InetAddress peer) {
        stopWaitingFor(peer, "the last awaited peer was removed");
    }

    synchronized boolean isOpen() {
        return open;
    }

    private void stopWaitingFor(InetAddress peer, String why) {
        if (!open && waiting.remove(peer) && waiting.isEmpty()) {
            openGate(why);
        }
    }

    private synchronized void openGate(String why) {
        if (open) {
            return;
        }
        open = true;
        waiting.clear();
        if (timer != null) {
            timer.cancel(false);
        }
        ordered.execute(() -> {
            LOG.info("route table complete ({}): podroute routes no best path wants are removed now", why);
            table.markComplete();
            kick.run();
        });
    }

    private String waitingText() {
        return waiting.stream().map(Addresses::format).sorted().toList().toString();
    }
}
