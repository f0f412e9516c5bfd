package io.podroute.agent.sync;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.ffi.ThreadNice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that feed the route table — the BGP speaker's event loop (UPDATE parsing, the RIB)
 * and the route sync — run at nice {@value #NICE}; the route table's writer, which puts the routes
 * into the kernel, stays at the process's nice value. They compete only when the CPU is short, as
 * during a full-table feed on a small node: there, measured at a million routes on 2 cores, the
 * writer got a third of a core while the feeders parsed ahead of it, and the routes reached the
 * kernel about 9 % later than with this weighting (docs/performance.md). A nice value weighs threads
 * against the other threads of the same cgroup (the agent's service or pod), so this does not make
 * the agent yield to other workloads. A feeder at nice 10 still gets about a tenth of a core
 * against a busy writer: far more than keepalives and hold timers need.
 */
public final class FeederPriority {
    /** The nice value of the feeding threads. */
    public static final int NICE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(FeederPriority.class);

    private FeederPriority() {}

    /** Gives the calling thread the feeders' nice value; a failure is logged and otherwise ignored. */
    public static void applyToCurrentThread() {
        try {
            Errno e = ThreadNice.setCurrent(NICE);
            if (e != null) {
                LOG.warn(
                        "could not set the nice value of thread {} to {}: {}",
                        Thread.currentThread().getName(),
                        NICE,
                        e);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(
                    "could not set the nice value of thread {}: {}",
                    Thread.currentThread().getName(),
                    e.toString());
        }
    }
}
