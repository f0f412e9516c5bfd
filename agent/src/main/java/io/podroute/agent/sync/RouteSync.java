package io.podroute.agent.sync;

import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.EcmpNextHop;
import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.ipip.mode.UnderlayRoutes;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import io.podroute.routes.compact.LongSet;
import io.podroute.routes.reconcile.Ipv4Changes;
import io.podroute.routes.reconcile.RouteTable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the route table's desired set equal to "every best path, resolved" plus a blackhole per own
 * block. Best-path changes arrive on the BGP speaker's loop and are converted there (cheaply: no
 * look-ups); resolution, the underlay look-ups and the route table updates run on this class's own
 * thread, so the speaker never waits for the kernel. Each batch of changes becomes one incremental
 * {@link RouteTable#updateRoutes} and one kick of the table's loop, so a burst of UPDATEs costs one
 * kernel pass per burst, not one per prefix.
 *
 * <p>Invariants: {@code learned} holds, per prefix with a best path (routes of our own blocks
 * excepted), the id of its interned {@link Decision} — an {@code int} per prefix, compact for IPv4,
 * and IPv4 routes reach the table as (shape, prefix) pairs ({@link RouteTable#updateIpv4}), so a
 * million learned routes cost no object each here; {@link Resolved} objects are made only for
 * readers. The route table's desired set is exactly the installed routes of {@code learned} plus the
 * blackholes; {@code shadowed} holds the latest next hops of a best path for an own
 * block (installed if the block stops being ours, since the RIB will not repeat that change); {@code
 * tunnelled} is the block → node map of the tunnelled ones, handed to the data plane whenever it
 * changes. All of it is confined to the sync thread.
 */
public final class RouteSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteSync.class);

    private final RouteTable table;
    private final Runnable kick;
    private final TunnelDataPlane tunnel;
    private final int blackholeMetric;
    private final HopPaths paths;
    private final ExecutorService thread;
    private final AtomicBoolean underlayQueued = new AtomicBoolean();
    private volatile LongConsumer batchWritten = received -> {};

    private final int protocol;
    private Decisions decisions;
    private Map<InetAddress, String> nodes;
    private final PrefixIntMap learned = new PrefixIntMap();
    private final Map<Prefix, Resolved> blackholes = new HashMap<>();
    /** The IPv4 keys ({@link Ipv4IntTable#key}) of {@code blackholes}, for the fast path of apply (unboxed). */
    private final LongSet ownIpv4 = new LongSet();

    private final Map<Prefix, List<Hop>> shadowed = new HashMap<>();
    private final Map<Prefix, Inet4Address> tunnelled = new HashMap<>();

    /** One prefix's new ECMP set, or null hops for "no path". */
    /**
     * A batch of best-path changes as it waits in the sync thread's queue: IPv4 prefixes as two
     * primitive arrays and the shared hop lists by reference (null: no route), about 9 bytes per
     * change instead of a change object, a prefix and its address array (72 bytes). During a
     * million-prefix feed the queue holds a few hundred thousand changes while the sync thread
     * catches up; as objects they survived young collections and filled the old generation.
     */
    private static final class Batch {
        final int[] addresses;
        final byte[] lengths;
        final Object[] hops;
        /** IPv6 prefixes by index; null until the batch has one. */
        Prefix[] others;

        int size;

        Batch(int capacity) {
            addresses = new int[capacity];
            lengths = new byte[capacity];
            hops = new Object[capacity];
        }

        void add(io.podroute.bgp.codec.nlri.Prefix p, List<Hop> via) {
            if (p.ipv6()) {
                if (others == null) {
                    others = new Prefix[addresses.length];
                }
                others[size] = Prefix.of(p.addressBytes(), p.length());
            } else {
                int length = p.length();
                // host bits cleared, as Prefix.ofIpv4 does: the IPv4 fast path keys on the address as is
                addresses[size] = length == 0 ? 0 : (int) p.hi() & (-1 << (32 - length));
                lengths[size] = (byte) length;
            }
            hops[size++] = via;
        }

        Prefix prefix(int i) {
            Prefix other = others == null ? null : others[i];
            return other != null ? other : Prefix.ofIpv4(addresses[i], lengths[i]);
        }

        boolean isIpv4(int i) {
            return others == null || others[i] == null;
        }

        @SuppressWarnings("unchecked") // only List<Hop> or null are stored
        List<Hop> hops(int i) {
            return (List<Hop>) hops[i];
        }
    }

    /**
     * A batch's route table update: IPv4 as (shape, prefix) changes, in order (a later change of the
     * same key wins); other families as routes. Later entries win over earlier ones for the same key
     * (a prefix added then withdrawn in one batch is removed), which {@link RouteTable#updateRoutes}
     * (removals first, then upserts) would not do with two plain lists.
     */
    private static final class Delta {
        final Ipv4Changes v4;
        final Map<RouteKey, Route> upserts = new LinkedHashMap<>();
        final Set<RouteKey> removals = new LinkedHashSet<>();

        Delta() {
            this(64);
        }

        /** Room for {@code expected} IPv4 changes without growing. */
        Delta(int expected) {
            v4 = new Ipv4Changes(expected);
        }

        void upsert(Route r) {
            removals.remove(r.key());
            upserts.put(r.key(), r);
        }

        void remove(RouteKey k) {
            upserts.remove(k);
            removals.add(k);
        }

        boolean isEmpty() {
            return v4.size() == 0 && upserts.isEmpty() && removals.isEmpty();
        }
    }

    /**
     * @param kick asks the route table's loop for a pass
     * @param tunnel the IP-in-IP data plane, or null when there is none (mode Never)
     */
    public RouteSync(
            RouteTable table,
            Runnable kick,
            IpipMode mode,
            UnderlayRoutes underlay,
            TunnelDataPlane tunnel,
            int blackholeMetric) {
        this.table = table;
        this.protocol = table.protocol();
        this.kick = kick;
        this.tunnel = tunnel;
        this.blackholeMetric = blackholeMetric;
        this.paths = new HopPaths(mode, underlay);
        this.decisions = new Decisions(this::ipv4Shape);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(
                    () -> {
                        FeederPriority.applyToCurrentThread(); // the route table's writer goes first
                        r.run();
                    },
                    "route-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /** A batch of best-path changes from the speaker (called on its loop; does not block). */
    @SuppressWarnings("ReferenceEquality") // the RIB shares one list per ECMP set: identity is the point
    public void onChanges(List<BestPathChange> changes) {
        long received = System.nanoTime();
        Batch batch = new Batch(changes.size());
        List<EcmpNextHop> lastIn = null;
        List<Hop> lastOut = null;
        for (BestPathChange c : changes) {
            if (c.kind() == BestPathChange.Kind.WITHDRAW || c.best().peer().type() == PeerType.LOCAL) {
                batch.add(c.prefix(), null); // gone, or our own route: nothing to install
                continue;
            }
            if (c.nextHops() != lastIn) { // the RIB hands the same list to the prefixes that share it
                lastIn = c.nextHops();
                lastOut = hops(lastIn);
            }
            batch.add(c.prefix(), lastOut);
        }
        thread.execute(() -> apply(batch, received));
    }

    /**
     * Tells {@code listener}, on the sync thread right after the route table update, the {@link
     * System#nanoTime()} at which each batch of best-path changes that changed the desired set arrived
     * (for the route programming latency metric).
     */
    public void onBatchWritten(LongConsumer listener) {
        batchWritten = listener;
    }

    /** Our own blocks: each gets a blackhole; best paths for them are not installed. */
    public void setOwnBlocks(Collection<Prefix> blocks) {
        Set<Prefix> next = Set.copyOf(blocks);
        thread.execute(() -> applyOwnBlocks(next));
    }

    /** The node registry by node IP (mesh next hops are nodes; all others are routers). */
    public void setNodes(Map<InetAddress, String> byIp) {
        Map<InetAddress, String> copy = Map.copyOf(byIp);
        thread.execute(() -> {
            if (copy.equals(nodes)) {
                return; // every registry poll lands here: re-resolving a million routes for nothing is not free
            }
            nodes = copy;
            paths.setNodes(copy);
            resolveAll("node registry changed");
        });
    }

    /** Something in the underlay changed (a route, link or address): re-decide every next hop. */
    public void underlayChanged() {
        if (underlayQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                underlayQueued.set(false);
                if (paths.reevaluate()) {
                    resolveAll("underlay changed");
                }
            });
        }
    }

    /**
     * Runs {@code action} on the sync thread after every change handed in before this call has reached
     * the route table (e.g. open the restart gate only once the best paths that came before a peer's
     * End-of-RIB are desired routes).
     */
    public void afterPending(Runnable action) {
        thread.execute(action);
    }

    /** Runs {@code query} on the sync thread against a consistent view; for status and the API. */
    public <T> T read(Function<View, T> query) {
        Future<T> f = thread.submit(() -> query.apply(new View()));
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the route state", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the route sync thread did not answer in 10 s", e);
        }
    }

    /** A read-only view of the state, valid inside {@link #read} only. */
    public final class View {
        /** Blackholes first, then learned prefixes, unordered. */
        public List<Resolved> all() {
            List<Resolved> out = new ArrayList<>(blackholes.values());
            learned.forEach((prefix, id) -> out.add(resolved(prefix, id)));
            return out;
        }

        public Resolved learned(Prefix prefix) {
            int id = learned.get(prefix);
            return id == PrefixIntMap.NONE ? null : resolved(prefix, id);
        }

        public Resolved blackhole(Prefix prefix) {
            return blackholes.get(prefix);
        }

        /** Per peer address: prefixes whose installed route uses one of that peer's paths. */
        public Map<InetAddress, Integer> installedByPeer() {
            int[] perDecision = new int[decisions.size()];
            learned.forEachValue(id -> perDecision[id]++);
            Map<InetAddress, Integer> out = new HashMap<>();
            for (int id = 0; id < perDecision.length; id++) {
                Decision d = decisions.get(id);
                if (perDecision[id] > 0 && !d.usable().isEmpty()) {
                    Set<InetAddress> peers = new HashSet<>();
                    d.hops().forEach(h -> peers.add(h.peer()));
                    int n = perDecision[id];
                    peers.forEach(p -> out.merge(p, n, Integer::sum));
                }
            }
            return out;
        }

        public boolean inKernel(Route route) {
            return table.inKernel(route.key());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    // ------------------------------------------------------------------ on the sync thread

    private static List<Hop> hops(List<EcmpNextHop> ecmp) {
        List<Hop> hops = new ArrayList<>(ecmp.size());
        for (EcmpNextHop h : ecmp) {
            hops.add(new Hop(h.nextHop().address(), h.peer().address()));
        }
        return List.copyOf(hops);
    }

    private void apply(Batch batch, long received) {
        Delta delta = new Delta(batch.size);
        boolean tunnelChanged = false;
        for (int i = 0; i < batch.size; i++) {
            if (batch.isIpv4(i) && applyIpv4(batch.addresses[i], batch.lengths[i], batch.hops(i), delta)) {
                continue;
            }
            Prefix prefix = batch.prefix(i);
            List<Hop> hops = batch.hops(i);
            boolean own = blackholes.containsKey(prefix);
            if (own && hops != null) {
                shadowed.put(prefix, hops);
            } else {
                shadowed.remove(prefix);
            }
            int now = hops == null || own ? NONE : decisions.id(prefix.isIpv4(), hops, paths, tunnel);
            int old = now == NONE ? learned.remove(prefix) : learned.put(prefix, now);
            diff(prefix, old, decisions, now, decisions, delta);
            tunnelChanged |= track(prefix, now == NONE ? null : decisions.get(now));
        }
        learned.trimIfSparse(); // after a peer's full table was withdrawn
        commit(delta, tunnelChanged, received);
    }

    /**
     * The common case of {@link #apply} without a {@link Prefix} object (a million of them made and
     * dropped per full-table feed, 14 % of the agent's allocation): an IPv4 prefix that is not one of
     * our blocks, while no best path is shadowed and no route is tunnelled. Returns false, having
     * changed nothing, when the prefix needs the general path.
     */
    private boolean applyIpv4(int address, int length, List<Hop> hops, Delta delta) {
        if (!shadowed.isEmpty() || !tunnelled.isEmpty() || ownIpv4.contains(Ipv4IntTable.key(address, length))) {
            return false;
        }
        int now = hops == null ? NONE : decisions.id(true, hops, paths, tunnel);
        Decision d = now == NONE ? null : decisions.get(now);
        if (d != null && d.tunnelNode() != null && !d.usable().isEmpty()) {
            return false; // it becomes tunnelled: the general path keeps the block → node map
        }
        int old = now == NONE ? learned.removeIpv4(address, length) : learned.putIpv4(address, length, now);
        diffIpv4(address, length, old, decisions, now, decisions, delta);
        return true;
    }

    private void resolveAll(String why) {
        Delta delta = new Delta();
        boolean[] tunnelChanged = {false};
        int[] changed = {0};
        Decisions before = decisions;
        Decisions fresh = before.next(); // the underlay or the registry changed: every decision may differ
        learned.replaceAll((p, old) -> {
            Decision was = before.get(old);
            int now = fresh.id(p.isIpv4(), was.hops(), paths, tunnel);
            if (!fresh.get(now).equals(was)) {
                changed[0]++;
                diff(p, old, before, now, fresh, delta);
                tunnelChanged[0] |= track(p, fresh.get(now));
            }
            return now;
        });
        decisions = fresh;
        if (changed[0] > 0) {
            LOG.info("{}: {} of {} routes re-resolved", why, changed[0], learned.size());
        }
        commit(delta, tunnelChanged[0], null);
    }

    private void applyOwnBlocks(Set<Prefix> blocks) {
        Delta delta = new Delta();
        for (Resolved r : List.copyOf(blackholes.values())) {
            if (!blocks.contains(r.prefix())) {
                blackholes.remove(r.prefix());
                if (r.prefix().isIpv4()) {
                    ownIpv4.remove(
                            Ipv4IntTable.key(r.prefix().ipv4Bits(), r.prefix().length()));
                }
                removeRoute(r.route(), delta);
                List<Hop> hops = shadowed.remove(r.prefix()); // no longer ours: its best path applies
                if (hops != null) {
                    int now = decisions.id(r.prefix().isIpv4(), hops, paths, tunnel);
                    learned.put(r.prefix(), now);
                    diff(r.prefix(), NONE, decisions, now, decisions, delta);
                    track(r.prefix(), decisions.get(now));
                }
            }
        }
        for (Prefix b : blocks) {
            int learnedForBlock = learned.remove(b); // another path to our own block is never used
            if (learnedForBlock != NONE) {
                shadowed.put(b, decisions.get(learnedForBlock).hops());
            }
            diff(b, learnedForBlock, decisions, NONE, decisions, delta);
            track(b, null);
            Resolved r = RouteResolver.blackhole(b, blackholeMetric, protocol);
            blackholes.put(b, r);
            if (b.isIpv4()) {
                ownIpv4.add(Ipv4IntTable.key(b.ipv4Bits(), b.length()));
            }
            upsertRoute(r.route(), delta);
        }
        commit(delta, true, null);
    }

    private static final int NONE = PrefixIntMap.NONE;

    /** The route table's shape for the IPv4 routes of {@code d}, or -1 when it installs none. */
    private int ipv4Shape(Decision d) {
        Route r = RouteResolver.route(ANY_V4, d, tunnel, protocol);
        return r == null ? -1 : table.ipv4Shape(r);
    }

    private static final Prefix ANY_V4 = Prefix.parse("0.0.0.0/0");

    /** {@code prefix} under decision {@code id}: made for readers only. */
    private Resolved resolved(Prefix prefix, int id) {
        Decision d = decisions.get(id);
        return new Resolved(prefix, RouteResolver.route(prefix, d, tunnel, protocol), d);
    }

    /**
     * Adds to {@code delta} what changes in the kernel when {@code prefix} goes from decision {@code
     * old} (of generation {@code oldGen}; NONE: no route) to {@code now} (of {@code newGen}).
     */
    private void diff(Prefix prefix, int old, Decisions oldGen, int now, Decisions newGen, Delta delta) {
        if (prefix.isIpv4()) {
            diffIpv4(PrefixIntMap.address(prefix), prefix.length(), old, oldGen, now, newGen, delta);
            return;
        }
        Route before = old == NONE ? null : RouteResolver.route(prefix, oldGen.get(old), tunnel, protocol);
        Route after = now == NONE ? null : RouteResolver.route(prefix, newGen.get(now), tunnel, protocol);
        if (before != null && (after == null || !before.key().equals(after.key()))) {
            delta.remove(before.key());
        }
        if (after != null && !after.equals(before)) {
            delta.upsert(after);
        }
    }

    /** {@link #diff} for an IPv4 prefix: shapes only. */
    private void diffIpv4(int address, int length, int old, Decisions oldGen, int now, Decisions newGen, Delta delta) {
        int before = old == NONE ? -1 : oldGen.shape(old);
        int after = now == NONE ? -1 : newGen.shape(now);
        if (before == after) {
            return;
        }
        if (before >= 0 && (after < 0 || !sameKey(before, after))) {
            delta.v4.remove(address, length, before);
        }
        if (after >= 0) {
            delta.v4.put(address, length, after);
        }
    }

    /** Whether routes of the two IPv4 shapes have the same key (table and metric) for a prefix. */
    private boolean sameKey(int shapeA, int shapeB) {
        Route a = table.ipv4ShapeRoute(shapeA);
        Route b = table.ipv4ShapeRoute(shapeB);
        return a.table() == b.table() && a.priority() == b.priority();
    }

    private void upsertRoute(Route r, Delta delta) {
        if (r.dst().isIpv4()) {
            delta.v4.put(PrefixIntMap.address(r.dst()), r.dst().length(), table.ipv4Shape(r));
        } else {
            delta.upsert(r);
        }
    }

    private void removeRoute(Route r, Delta delta) {
        if (r.dst().isIpv4()) {
            delta.v4.remove(PrefixIntMap.address(r.dst()), r.dst().length(), table.ipv4Shape(r));
        } else {
            delta.remove(r.key());
        }
    }

    /** Updates the tunnelled block map; returns whether it changed. */
    private boolean track(Prefix prefix, Decision now) {
        Inet4Address node = now == null || now.usable().isEmpty() ? null : now.tunnelNode();
        Inet4Address before = node == null ? tunnelled.remove(prefix) : tunnelled.put(prefix, node);
        return before == null ? node != null : !before.equals(node);
    }

    /** Returns whether the route table's desired set changed. */
    /**
     * Hands the delta to the table, reports the batch (arrived at {@code received}, {@link
     * System#nanoTime()}; null: not a batch of best paths) to the latency listener, then kicks the table's loop — in that order, so that the
     * pass that writes the batch cannot complete before the batch is registered.
     */
    private void commit(Delta delta, boolean tunnelChanged, Long received) {
        if (tunnelChanged && tunnel != null) {
            tunnel.setBlocks(Map.copyOf(tunnelled));
        }
        if (delta.isEmpty()) {
            return;
        }
        if (!delta.upserts.isEmpty() || !delta.removals.isEmpty()) {
            table.updateRoutes(delta.upserts.values(), delta.removals);
        }
        table.updateIpv4(delta.v4);
        if (received != null) {
            batchWritten.accept(received);
        }
        kick.run();
    }
}
