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
import java.util.LinkedHashMap;
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
 * that number are read back and deleted (deletes are also protocol-restricted in the kernel). A key
 * (table, destination, metric) holds one route only, so writes follow one rule ({@link
 * KeyOwnership}): a key podroute has held in this process's lifetime, found as its protocol at a
 * resync or written by it, is replaced ({@code ip route replace}) — a podroute route deleted or
 * changed by hand, even into a route of another protocol, is restored. A key it has never held is
 * only created exclusively ({@code ip route add}): if a route of another protocol holds it, the
 * kernel answers EEXIST, and the route is reported as a conflict (logged once per key, counted in
 * {@link ApplyResult#conflicts()}), left alone, and retried on each resync and when a monitor event
 * shows a foreign route leaving that key. Why history and not the protocol found at the key: {@code
 * ip route replace} by hand turns our route into one of proto boot or static, so the protocol alone
 * cannot tell a hand change (to undo) from a foreign owner (to respect). The set of keys held is the
 * dataplane's keys plus the desired keys lost since, so it stays bounded by the desired set.
 *
 * <p>Adoption: the first pass reads the kernel; desired routes already there cause no write, so a
 * restarted agent makes no flap. Podroute routes that are not desired are deleted only once the
 * owner calls {@link #markComplete()}.
 *
 * <p>Threads: {@link #apply} and the setters are serialised by the table's monitor; monitor events
 * ({@link #onRouteEvent}) may come from any thread and are queued, never blocking the monitor.
 * Every pass handles nexthop upserts, route deletes, route upserts, then nexthop deletes, so a route
 * never points at a missing object. Any failure makes the next pass start with a full resync; a
 * conflict is not a failure (it would make the loop retry and re-dump every second).
 */
public final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    private static final int MAX_LOGGED_FAILURES = 10;
    /** Beyond this many unapplied events a full resync is cheaper (and the queue's memory bounded). */
    private static final int MAX_QUEUED_EVENTS = 10_000;

    private final KernelRoutes kernel;
    private final int protocol;
    /** Routes written or deleted per netlink exchange; the table's lock is released between chunks. */
    static final int CHUNK = 8192;

    private final RouteStore routes = new RouteStore();
    /** Held for a whole pass (one pass at a time); the monitor ({@code this}) only between I/O. */
    private final Object passLock = new Object();

    private final DeltaTracker<Integer, NexthopObject> nexthops = new DeltaTracker<>(NexthopObject::satisfiedBy);
    private final ConcurrentLinkedQueue<KernelEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();

    private final KeyOwnership ownership = new KeyOwnership();
    private volatile boolean resyncNeeded = true;
    private boolean complete;
    private Collection<Route> desiredRoutes = List.of();
    /** Bumped by every change of the desired set; written under the monitor, read without it. */
    private volatile long generation;
    /** The {@link #generation} the last completed pass started from. */
    private volatile long passGeneration = -1;
    /** See {@link #driftCount()}. */
    private volatile int drift;

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
        List<Route> stamped = new ArrayList<>(effective.size());
        for (Route r : effective) {
            stamped.add(stamp(r));
        }
        routes.setDesired(stamped);
        ownership.retainDesired(k -> routes.desired(k) != null);
        generation++;
    }

    private Route stamp(Route r) {
        return r.protocol() == protocol ? r : r.toBuilder().protocol(protocol).build();
    }

    /**
     * Changes the desired set incrementally: {@code removals} leave it, then {@code upserts} are added
     * or replace the route with the same key. Equal to {@link #setRoutes} with the resulting set, at a
     * cost of O(changes) instead of O(routes): for owners that follow a stream of best-path changes.
     */
    public synchronized void updateRoutes(Collection<Route> upserts, Collection<RouteKey> removals) {
        if (!kernel.supportsNexthopObjects()) {
            // Routes naming nexthop ids are expanded from the full set; rare (kernels before 5.3).
            Map<RouteKey, Route> all = new LinkedHashMap<>();
            desiredRoutes.forEach(r -> all.put(r.key(), r));
            removals.forEach(all::remove);
            upserts.forEach(r -> all.put(r.key(), r));
            setRoutes(all.values());
            return;
        }
        for (RouteKey k : removals) {
            routes.removeDesired(k);
            ownership.forget(k);
        }
        for (Route r : upserts) {
            routes.putDesired(stamp(r));
        }
        generation++;
    }

    /**
     * The shape id of IPv4 routes like {@code template} (everything but the destination, stamped with
     * this table's protocol), for {@link #updateIpv4}. Ids are stable for the table's lifetime; there
     * is about one per distinct next-hop set.
     */
    public synchronized int ipv4Shape(Route template) {
        if (!template.dst().isIpv4()) {
            throw new IllegalArgumentException("not an IPv4 route: " + template);
        }
        return routes.shape(stamp(template));
    }

    /** The route of shape {@code shape} ({@link #ipv4Shape}), with destination 0.0.0.0/0. */
    public synchronized Route ipv4ShapeRoute(int shape) {
        return routes.shapeRoute(shape);
    }

    /**
     * {@link #updateRoutes} for IPv4 routes given as (shape, prefix) pairs, in order (a later change
     * of the same key wins): no route object per prefix. For owners that follow a million best paths.
     */
    public synchronized void updateIpv4(Ipv4Changes changes) {
        if (changes.size() == 0) {
            return;
        }
        if (!kernel.supportsNexthopObjects()) {
            Map<RouteKey, Route> upserts = new LinkedHashMap<>();
            Set<RouteKey> removals = new java.util.LinkedHashSet<>();
            changes.forEach((shape, address, length, removal) -> {
                RouteKey k = routes.routeKey(shape, address, length);
                if (removal) {
                    upserts.remove(k);
                    removals.add(k);
                } else {
                    removals.remove(k);
                    upserts.put(k, Ipv4Shapes.withDst(routes.shapeRoute(shape), k.dst()));
                }
            });
            updateRoutes(upserts.values(), removals);
            return;
        }
        changes.forEach((shape, address, length, removal) -> {
            if (!removal) {
                routes.putDesired(shape, address, length);
            } else if (routes.removeDesired(shape, address, length) && ownership.isTracking()) {
                ownership.forget(routes.routeKey(shape, address, length));
            }
        });
        generation++;
    }

    /**
     * A number that grows with every change of the desired set ({@link #setRoutes}, {@link
     * #updateRoutes}, {@link #setNexthops}). A change made before a pass started is in that pass: a
     * caller that noted {@code generation()} after its change knows the change reached the kernel once
     * {@link #passGeneration()} is at least that number (and the pass had no failures).
     */
    public long generation() {
        return generation;
    }

    /** The {@link #generation()} the last completed pass worked from; -1 before the first pass. */
    public long passGeneration() {
        return passGeneration;
    }

    /**
     * How far the kernel was from the desired set at the end of the last completed pass (0 before the
     * first): desired routes the kernel rejected, desired routes left out because a foreign route holds
     * their key, and podroute routes in the kernel that are not desired (kept until {@link
     * #markComplete}, or whose delete failed). O(1): a scrape-time metric, never blocked by a pass.
     */
    public int driftCount() {
        return drift;
    }

    /** Whether the last known kernel state has the desired route at {@code key} as desired. */
    public synchronized boolean inKernel(RouteKey key) {
        return routes.inKernel(key);
    }

    /** The number of desired routes. */
    public synchronized int desiredCount() {
        return routes.desiredSize();
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
        generation++;
    }

    /** The owner's desired set is complete: from now on, undesired podroute routes are deleted. */
    public synchronized void markComplete() {
        complete = true;
    }

    /** Makes the next pass re-read the kernel (periodic resync, monitor overflow). */
    public void requestResync() {
        resyncNeeded = true;
    }

    /**
     * A route change seen by the monitor; thread-safe, applied at the start of the next pass.
     *
     * <p>The monitor should ignore the echo of this table's own writes and deletes ({@link
     * io.podroute.netlink.ops.RouteMonitor#ignoreSender} with {@link KernelRoutes#senderPortId()}):
     * the kernel stamps each route event with the port id of the socket whose request caused it, so
     * that filter is exact and costs nothing per event. Without it, echoes of our writes are dropped
     * here and echoes of our deletes are harmless but queued (a mass withdrawal overflows the queue
     * into a resync).
     */
    public void onRouteEvent(Route route, boolean deleted) {
        if (!deleted && route.protocol() == protocol) {
            // The echo of our own write, already recorded when its ACK came (applied()). Queuing a
            // million of them during a bulk install overflowed the queue into repeated full resyncs,
            // half of the install's CPU (agent benchmark). A hand change that keeps our protocol is
            // found by the periodic resync; deletions and foreign routes still act at once.
            return;
        }
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
     * <p>Route writes go to the kernel in chunks of {@link #CHUNK} with the table's monitor released
     * during each exchange, so an owner feeding changes ({@link #updateIpv4}) is not held up by a bulk
     * install; changes made during a pass are left to the next one.
     *
     * @throws NetlinkException when a whole exchange failed; the next pass resyncs
     */
    public ApplyResult apply() throws NetlinkException {
        synchronized (passLock) {
            try {
                return doApply();
            } catch (NetlinkException | RuntimeException e) {
                resyncNeeded = true;
                throw e;
            } finally {
                synchronized (this) {
                    routes.endPass();
                }
            }
        }
    }

    /** What the route part of a pass did so far. */
    private static final class RoutePass {
        int written;
        int deleted;
        int keptStale;
        final List<Failure<Route>> failures = new ArrayList<>();
        final List<ApplyResult.Conflict> conflicts = new ArrayList<>();
    }

    /** One chunk's writes, split while holding the monitor, sent without it. */
    private record Chunk(List<Route> deletes, List<Route> replaces, List<Route> adds, int keptStale) {}

    private ApplyResult doApply() throws NetlinkException {
        long startedFrom;
        boolean resynced;
        DeltaTracker.Pending<NexthopObject> nh;
        List<NexthopObject> nhUp;
        List<Failure<NexthopObject>> nhFail;
        synchronized (this) {
            startedFrom = generation;
            resynced = resyncNeeded;
            if (resynced) {
                resync();
            }
            drainEvents();
            nh = nexthops.pending(complete);
            nhUp = new ArrayList<>(nh.upserts());
            nhUp.sort(Comparator.comparing(NexthopObject::isGroup));
            nhFail = nhUp.isEmpty() ? List.of() : kernel.replaceNexthops(nhUp);
            Outcomes.markApplied(nhUp, nhFail, n -> nexthops.applied(n.id(), n));
            routes.beginPass();
        }
        RoutePass pass = new RoutePass();
        Chunk chunk;
        while ((chunk = nextChunk()) != null) {
            writeChunk(chunk, pass);
        }
        synchronized (this) {
            pass.keptStale += routes.keptStaleIpv4(complete);
            List<Integer> nhDel = new ArrayList<>();
            nh.deletes().stream()
                    .sorted(Comparator.comparing(NexthopObject::isGroup).reversed())
                    .forEach(n -> nhDel.add(n.id()));
            List<Failure<Integer>> nhDelFail =
                    Outcomes.withoutNotFound(nhDel.isEmpty() ? List.of() : kernel.deleteNexthops(nhDel));
            Outcomes.markApplied(nhDel, nhDelFail, nexthops::appliedDelete);

            ApplyResult result = new ApplyResult(
                    resynced,
                    pass.written,
                    pass.deleted,
                    nhUp.size() - nhFail.size(),
                    nhDel.size() - nhDelFail.size(),
                    pass.keptStale,
                    ownership.conflictCount(),
                    pass.conflicts,
                    pass.failures,
                    nhFail,
                    nhDelFail);
            if (result.hasFailures()) {
                resyncNeeded = true;
                logFailures(result);
            }
            drift = result.drift();
            passGeneration = startedFrom;
            return result;
        }
    }

    /**
     * The next chunk of the pass's route work: deletes, and creates and updates split into replaces
     * (the key is ours or was) and exclusive adds (never held); null when the pass is done.
     */
    private synchronized Chunk nextChunk() {
        DeltaTracker.Pending<Route> rt = routes.nextChunk(CHUNK, complete);
        if (rt == null) {
            return null;
        }
        List<Route> adds = rt.creates();
        List<Route> replaces = rt.updates();
        if (ownership.hasLost()) {
            adds = new ArrayList<>();
            replaces = new ArrayList<>(rt.updates());
            for (Route r : rt.creates()) {
                (ownership.wasHeld(r.key()) ? replaces : adds).add(r);
            }
        }
        return new Chunk(rt.deletes(), replaces, adds, rt.keptStale());
    }

    /** Sends one chunk (without the monitor), then records the outcome (with it). */
    private void writeChunk(Chunk c, RoutePass pass) throws NetlinkException {
        List<Failure<Route>> delRejected = c.deletes().isEmpty() ? List.of() : kernel.deleteRoutes(c.deletes());
        List<Failure<Route>> repFail = c.replaces().isEmpty() ? List.of() : kernel.replaceRoutes(c.replaces());
        List<Failure<Route>> addFail = c.adds().isEmpty() ? List.of() : kernel.addRoutes(c.adds());
        synchronized (this) {
            List<Failure<Route>> delFail = Outcomes.withoutNotFound(delRejected);
            Outcomes.markApplied(c.deletes(), delFail, routes::appliedDelete);
            Outcomes.markApplied(c.replaces(), repFail, this::written);
            Outcomes.markApplied(c.adds(), addFail, this::written);
            List<Failure<Route>> failed = new ArrayList<>(delFail);
            failed.addAll(repFail);
            failed.addAll(sortOutConflicts(addFail, pass.conflicts));
            failed.forEach(f -> routes.touch(f.item().key())); // rejected: dirty again, retried
            pass.failures.addAll(failed);
            pass.deleted += c.deletes().size() - delFail.size();
            pass.written += c.replaces().size() + c.adds().size() - repFail.size() - addFail.size();
            pass.keptStale += c.keptStale();
        }
    }

    /**
     * Re-reads the kernel (streamed: no list of every route) and marks every key for re-checking.
     * Runs under the monitor: owners' updates wait for the dump (about a second at a million routes).
     */
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
        nexthops.setDataplane(nhs);
        routes.beginDump();
        kernel.forEachRoute(protocol, r -> {
            if (r.protocol() == protocol) {
                routes.dataplanePut(r);
            }
        });
        // Ours before, gone or taken by hand while we did not look.
        routes.endDump(ownership::lost);
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
            if (!deleted) {
                routes.dataplanePut(r);
                ownership.ours(r);
            } else if (routes.dataplane(key) != null) {
                lose(key);
            }
        } else if (!deleted && routes.dataplane(key) != null) {
            // A foreign route now holds one of our keys (e.g. `ip route replace` by hand): ours is gone.
            lose(key);
        } else if (deleted && ownership.isConflict(key)) {
            routes.touch(key); // the foreign holder left: try the exclusive create again now
        }
    }

    /** Our route at {@code key} left the kernel behind our back; a desired key stays ours. */
    private void lose(RouteKey key) {
        routes.dataplaneRemove(key);
        if (routes.desired(key) != null) {
            ownership.lost(key);
        }
    }

    private void written(Route r) {
        routes.applied(r);
        ownership.ours(r);
    }

    /**
     * Of the rejected exclusive creates, EEXIST from a foreign holder is a conflict, not a failure:
     * the key is parked until a resync or the holder's departure. An EEXIST whose holder turns out
     * to be ours (our view was stale) or gone stays a failure, retried after a resync.
     */
    private List<Failure<Route>> sortOutConflicts(List<Failure<Route>> addFail, List<ApplyResult.Conflict> found)
            throws NetlinkException {
        List<Failure<Route>> failures = new ArrayList<>();
        Map<RouteKey, Failure<Route>> unknown = new HashMap<>();
        for (Failure<Route> f : addFail) {
            RouteKey key = f.item().key();
            if (!f.error().isExists()) {
                failures.add(f);
            } else if (ownership.isConflict(key)) {
                routes.park(key); // still held by the same foreign route: already reported
            } else {
                unknown.put(key, f);
            }
        }
        if (unknown.isEmpty()) {
            return failures;
        }
        for (Route holder : kernel.routesAt(unknown.keySet())) {
            Failure<Route> f = unknown.remove(holder.key());
            if (f == null) {
                continue;
            }
            if (holder.protocol() == protocol) {
                routes.dataplanePut(holder);
                failures.add(f);
            } else {
                routes.park(holder.key());
                if (ownership.conflict(f.item(), holder)) {
                    found.add(new ApplyResult.Conflict(f.item(), holder));
                }
            }
        }
        failures.addAll(unknown.values());
        return failures;
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
