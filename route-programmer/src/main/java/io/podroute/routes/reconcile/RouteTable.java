package io.podroute.routes.reconcile;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle.Failure;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import io.podroute.routes.kernel.KernelRoutes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's podroute routes (and nexthop objects) equal to a desired set.
 *
 * <p>Ownership: everything podroute writes carries its protocol number, and only kernel entries with
 * that number are read back, replaced or deleted; routes of other protocols are never touched
 * (deletes are also protocol-restricted in the kernel). A desired route whose key is held by a
 * foreign route replaces it, since the key can hold one route only.
 *
 * <p>Adoption: the first pass reads the kernel; desired routes already there cause no write, so a
 * restarted agent makes no flap. Podroute routes that are not desired are deleted only once the
 * owner calls {@link #markComplete()}.
 *
 * <p>Threads: {@link #apply} and the setters are serialised by the table's monitor; monitor events
 * ({@link #onRouteEvent}) may come from any thread and are queued, never blocking the monitor.
 * Every pass handles nexthop upserts, route deletes, route upserts, then nexthop deletes, so a route
 * never points at a missing object. Any failure makes the next pass start with a full resync.
 */
public final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    private static final int MAX_LOGGED_FAILURES = 10;
    /** Beyond this many unapplied events a full resync is cheaper (and the queue's memory bounded). */
    private static final int MAX_QUEUED_EVENTS = 10_000;

    private final KernelRoutes kernel;
    private final int protocol;
    private final DeltaTracker<RouteKey, Route> routes = new DeltaTracker<>(Route::satisfiedBy);
    private final DeltaTracker<Integer, NexthopObject> nexthops = new DeltaTracker<>(NexthopObject::satisfiedBy);
    private final ConcurrentLinkedQueue<KernelEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private volatile boolean resyncNeeded = true;
    private boolean complete;
    private Collection<Route> desiredRoutes = List.of();
    private Collection<NexthopObject> desiredNexthops = List.of();

    private record KernelEvent(Route route, NexthopObject nexthop, boolean deleted) {}

    public RouteTable(KernelRoutes kernel, int protocol) {
        if (protocol <= 4 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " must be in 5..255 (0-4 are the kernel's)");
        }
        this.kernel = kernel;
        this.protocol = protocol;
    }

    public int protocol() {
        return protocol;
    }

    /**
     * Sets the full desired set of routes. Each is stamped with this table's protocol. Calling it
     * twice with the same set causes no kernel write.
     */
    public synchronized void setRoutes(Collection<Route> desired) {
        Collection<Route> effective = desired;
        if (!kernel.supportsNexthopObjects()) {
            desiredRoutes = List.copyOf(desired);
            NexthopFallback.Expansion e = NexthopFallback.expand(desired, desiredNexthops);
            if (!e.unresolved().isEmpty()) {
                LOG.warn(
                        "{} routes name unknown nexthop ids (first: {}); left out until the ids are set",
                        e.unresolved().size(),
                        e.unresolved().get(0));
            }
            effective = e.routes();
        }
        Map<RouteKey, Route> next = new HashMap<>(effective.size() * 2);
        for (Route r : effective) {
            Route own = r.protocol() == protocol
                    ? r
                    : r.toBuilder().protocol(protocol).build();
            if (next.put(own.key(), own) != null) {
                throw new IllegalArgumentException("two desired routes share the key " + own.key());
            }
        }
        routes.setDesired(next);
    }

    /**
     * Sets the full desired set of nexthop objects (stamped with this table's protocol). On a kernel
     * without nexthop objects, routes that name them are rewritten as plain gateway routes instead.
     */
    public synchronized void setNexthops(Collection<NexthopObject> desired) {
        desiredNexthops = List.copyOf(desired);
        if (!kernel.supportsNexthopObjects()) {
            setRoutes(desiredRoutes);
            return;
        }
        Map<Integer, NexthopObject> next = new HashMap<>();
        for (NexthopObject nh : desired) {
            NexthopObject own = nh.protocol() == protocol
                    ? nh
                    : new NexthopObject(
                            nh.id(), protocol, nh.gateway(), nh.ifIndex(), nh.onlink(), nh.blackhole(), nh.group());
            if (next.put(own.id(), own) != null) {
                throw new IllegalArgumentException("two desired nexthops share the id " + own.id());
            }
        }
        nexthops.setDesired(next);
    }

    /** The owner's desired set is complete: from now on, undesired podroute routes are deleted. */
    public synchronized void markComplete() {
        complete = true;
    }

    /** Makes the next pass re-read the kernel (periodic resync, monitor overflow). */
    public void requestResync() {
        resyncNeeded = true;
    }

    /** A route change seen by the monitor; thread-safe, applied at the start of the next pass. */
    public void onRouteEvent(Route route, boolean deleted) {
        enqueue(new KernelEvent(route, null, deleted));
    }

    public void onNexthopEvent(NexthopObject nexthop, boolean deleted) {
        enqueue(new KernelEvent(null, nexthop, deleted));
    }

    /**
     * Queues an event, or, past {@link #MAX_QUEUED_EVENTS} (e.g. the echo of our own bulk install),
     * drops it and asks for a resync instead, which reads the same facts in one dump.
     */
    private void enqueue(KernelEvent e) {
        if (queuedEvents.incrementAndGet() > MAX_QUEUED_EVENTS) {
            queuedEvents.decrementAndGet();
            resyncNeeded = true;
            return;
        }
        events.add(e);
    }

    /** Whether {@link #apply} has work: queued events, dirty keys or a pending resync. */
    public synchronized boolean hasWork() {
        return resyncNeeded || !events.isEmpty() || routes.dirtyCount() > 0 || nexthops.dirtyCount() > 0;
    }

    /**
     * One reconciliation pass. Rejected items are reported in the result and retried next pass.
     *
     * @throws NetlinkException when a whole exchange failed; the next pass resyncs
     */
    public synchronized ApplyResult apply() throws NetlinkException {
        try {
            return doApply();
        } catch (NetlinkException | RuntimeException e) {
            resyncNeeded = true;
            throw e;
        }
    }

    private ApplyResult doApply() throws NetlinkException {
        boolean resynced = resyncNeeded;
        if (resynced) {
            resync();
        }
        drainEvents();
        DeltaTracker.Pending<NexthopObject> nh = nexthops.pending(complete);
        DeltaTracker.Pending<Route> rt = routes.pending(complete);

        List<NexthopObject> nhUp = new ArrayList<>(nh.upserts());
        nhUp.sort(Comparator.comparing(NexthopObject::isGroup));
        List<Failure<NexthopObject>> nhFail = nhUp.isEmpty() ? List.of() : kernel.replaceNexthops(nhUp);
        markApplied(nhUp, nhFail, n -> nexthops.applied(n.id(), n));

        List<Failure<Route>> delFail =
                withoutNotFound(rt.deletes().isEmpty() ? List.of() : kernel.deleteRoutes(rt.deletes()));
        markApplied(rt.deletes(), delFail, r -> routes.appliedDelete(r.key()));
        List<Failure<Route>> upFail = rt.upserts().isEmpty() ? List.of() : kernel.replaceRoutes(rt.upserts());
        markApplied(rt.upserts(), upFail, r -> routes.applied(r.key(), r));
        List<Failure<Route>> routeFail = new ArrayList<>(delFail);
        routeFail.addAll(upFail);

        List<Integer> nhDel = new ArrayList<>();
        nh.deletes().stream()
                .sorted(Comparator.comparing(NexthopObject::isGroup).reversed())
                .forEach(n -> nhDel.add(n.id()));
        List<Failure<Integer>> nhDelFail = withoutNotFound(nhDel.isEmpty() ? List.of() : kernel.deleteNexthops(nhDel));
        markApplied(nhDel, nhDelFail, nexthops::appliedDelete);

        ApplyResult result = new ApplyResult(
                resynced,
                rt.upserts().size() - upFail.size(),
                rt.deletes().size() - delFail.size(),
                nhUp.size() - nhFail.size(),
                nhDel.size() - nhDelFail.size(),
                rt.keptStale(),
                routeFail,
                nhFail,
                nhDelFail);
        if (result.hasFailures()) {
            resyncNeeded = true;
            logFailures(result);
        }
        return result;
    }

    private void resync() throws NetlinkException {
        // Cleared before the dump: a resync requested while dumping (monitor overflow) is kept.
        resyncNeeded = false;
        while (events.poll() != null) {
            queuedEvents.decrementAndGet();
        }
        Map<Integer, NexthopObject> nhs = new HashMap<>();
        if (kernel.supportsNexthopObjects()) {
            for (NexthopObject n : kernel.listNexthops(protocol)) {
                nhs.put(n.id(), n);
            }
        }
        Map<RouteKey, Route> rts = new HashMap<>();
        for (Route r : kernel.listRoutes(protocol)) {
            rts.put(r.key(), r);
        }
        nexthops.setDataplane(nhs);
        routes.setDataplane(rts);
    }

    private void drainEvents() {
        KernelEvent e;
        while ((e = events.poll()) != null) {
            queuedEvents.decrementAndGet();
            if (e.route() != null) {
                applyRouteEvent(e.route(), e.deleted());
            } else if (e.nexthop().protocol() == protocol) {
                if (e.deleted()) {
                    nexthops.dataplaneRemove(e.nexthop().id());
                } else {
                    nexthops.dataplanePut(e.nexthop().id(), e.nexthop());
                }
            }
        }
    }

    private void applyRouteEvent(Route r, boolean deleted) {
        RouteKey key = r.key();
        if (r.protocol() == protocol) {
            Route known = routes.dataplane(key);
            if (!deleted) {
                routes.dataplanePut(key, r);
            } else if (known != null && known.protocol() == protocol) {
                routes.dataplaneRemove(key);
            }
        } else if (!deleted && routes.dataplane(key) != null) {
            // A foreign route now holds one of our keys (e.g. `ip route replace` by hand): ours is gone.
            routes.dataplaneRemove(key);
        }
    }

    private interface Applied<T> {
        void accept(T item);
    }

    private static <T> void markApplied(List<T> sent, List<Failure<T>> failed, Applied<T> onSuccess) {
        Set<Integer> bad = new HashSet<>();
        for (Failure<T> f : failed) {
            bad.add(f.index());
        }
        for (int i = 0; i < sent.size(); i++) {
            if (!bad.contains(i)) {
                onSuccess.accept(sent.get(i));
            }
        }
    }

    /** A delete of something already gone (ESRCH/ENOENT) reached the desired state. */
    private static <T> List<Failure<T>> withoutNotFound(List<Failure<T>> failures) {
        if (failures.isEmpty()) {
            return failures;
        }
        List<Failure<T>> out = new ArrayList<>();
        for (Failure<T> f : failures) {
            if (!f.error().isNotFound()) {
                out.add(f);
            }
        }
        return out;
    }

    private void logFailures(ApplyResult r) {
        int logged = 0;
        List<Failure<?>> all = new ArrayList<>();
        all.addAll(r.nexthopFailures());
        all.addAll(r.routeFailures());
        all.addAll(r.nexthopDeleteFailures());
        for (Failure<?> f : all) {
            if (logged++ < MAX_LOGGED_FAILURES) {
                LOG.warn(
                        "kernel rejected {}: {}{}; retrying after a resync on the next pass",
                        f.item(),
                        f.error().errno().name(),
                        f.error().extAck().map(m -> " (" + m + ")").orElse(""));
            }
        }
        if (all.size() > MAX_LOGGED_FAILURES) {
            LOG.warn("{} more kernel rejections this pass (not logged one by one)", all.size() - MAX_LOGGED_FAILURES);
        }
    }
}
