package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The RIB of one speaker: an Adj-RIB-In per peer (after import policy), the Loc-RIB with the decision
 * process and ECMP, and best-path change events. Pure: no I/O, no threads, no clock.
 *
 * <p><b>Threading.</b> Single-threaded: the owner calls every method on one event loop; nothing is
 * locked or volatile. Listeners are called synchronously on that loop, in batches, before the call
 * that caused the changes returns, and must not call the mutating methods back (they throw).
 *
 * <p><b>Invariants</b> between calls (see docs/rib.md): each prefix with at least one path is in the
 * Loc-RIB, its paths ranked so the first is the best; a path is identified by (peer, add-path id);
 * each distinct attribute set and next hop is stored once and freed when its last path goes; a peer's
 * counters of accepted paths equal its paths in the store; every change of a best path or of an ECMP
 * next-hop set since the last call has been delivered to the listeners.
 */
public final class Rib {
    /** The largest batch handed to a listener. */
    public static final int MAX_BATCH = 4096;

    private static final int V4 = 0;
    private static final int V6 = 1;

    private final RibConfig config;
    private final RouteStore store;
    private final UpdateApplier applier;
    private final RejectionLog rejections = new RejectionLog();
    private final Map<InetAddress, PeerState> peersByAddress = new HashMap<>();
    // Copy-on-write not for threads but so a listener may remove itself while being notified.
    private final List<RibListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BestPathChange> batch = new ArrayList<>();
    private Map<Prefix, PathAttributes> localRoutes = Map.of();
    private boolean notifying;

    public Rib(RibConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = new RouteStore(config, new RouteStore.ChangeSink() {
            @Override
            public boolean wantsChanges() {
                return !listeners.isEmpty();
            }

            @Override
            public void add(BestPathChange change) {
                batch.add(change);
                if (batch.size() >= MAX_BATCH) {
                    flush();
                }
            }
        });
        store.peers.add(new PeerState(0, PeerInfo.local(config.localAs(), config.routerId())));
        this.applier = new UpdateApplier(config, store, rejections);
    }

    public RibConfig config() {
        return config;
    }

    public void addListener(RibListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(RibListener listener) {
        listeners.remove(listener);
    }

    /**
     * Applies one UPDATE received from {@code peer} (a session in Established): withdrawals first, then
     * announcements of IPv4 NLRI (with NEXT_HOP) and of MP_REACH_NLRI (IPv4/IPv6 unicast), each path
     * keyed by its add-path id. With an RFC 7606 verdict of treat-as-withdraw (or worse) every prefix
     * the UPDATE carries is withdrawn from this peer. An announcement that must not be used (next hop
     * missing, unspecified, multicast or ours; our AS in the AS path; our router id as ORIGINATOR_ID; our
     * cluster id in CLUSTER_LIST) or that {@code importPolicy} rejects withdraws the peer's previous path
     * for that prefix. An End-of-RIB marker changes nothing here; call {@link #sweepStale}.
     */
    public void applyUpdate(PeerInfo peer, UpdateMessage update, RoutePolicy importPolicy) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(importPolicy, "importPolicy");
        PeerState state = enter(peer);
        try {
            applier.apply(state, update, importPolicy);
        } finally {
            flush();
        }
    }

    /** Removes every path of {@code peer} (session down without graceful restart). */
    public void peerDown(PeerInfo peer) {
        PeerState state = known(peer);
        if (state == null) {
            return;
        }
        try {
            sweep(state, V4, false);
            sweep(state, V6, false);
        } finally {
            flush();
        }
    }

    /** Graceful restart (RFC 4724 §4.2), helper side: marks every path of {@code peer} stale; they stay in use. */
    public void markStale(PeerInfo peer) {
        PeerState state = known(peer);
        if (state == null) {
            return;
        }
        for (PrefixTable t : store.tables) {
            for (int slot = 0; slot < t.capacity(); slot++) {
                if (t.used(slot)) {
                    for (int p = t.value(slot); p != PathStore.NONE; p = store.paths.next(p)) {
                        if (store.paths.peer(p) == state.index) {
                            store.paths.setStale(p, true);
                        }
                    }
                }
            }
        }
    }

    /**
     * Marks the paths of {@code peer} in {@code family} stale, the others untouched: an enhanced route
     * refresh (RFC 7313 §4) of one family, whose End-of-RIB-Refresh then {@link #sweepStale sweeps} it.
     */
    public void markStale(PeerInfo peer, Family family) {
        PeerState state = known(peer);
        if (state == null || !family.isSupported()) {
            return;
        }
        PrefixTable t = store.tables[family.equals(Family.IPV6_UNICAST) ? V6 : V4];
        for (int slot = 0; slot < t.capacity(); slot++) {
            if (t.used(slot)) {
                for (int p = t.value(slot); p != PathStore.NONE; p = store.paths.next(p)) {
                    if (store.paths.peer(p) == state.index) {
                        store.paths.setStale(p, true);
                    }
                }
            }
        }
    }

    /** Removes the paths of {@code peer} in {@code family} still stale (End-of-RIB, or restart timer expiry). */
    public void sweepStale(PeerInfo peer, Family family) {
        PeerState state = known(peer);
        if (state == null || !family.isSupported()) {
            return;
        }
        try {
            sweep(state, family.equals(Family.IPV6_UNICAST) ? V6 : V4, true);
        } finally {
            flush();
        }
    }

    /**
     * Sets the full set of locally originated routes; the difference from the previous call is applied
     * (the same set twice changes nothing). A prefix listed twice keeps its last attributes.
     */
    public void setLocalRoutes(Collection<LocalRoute> routes) {
        checkNotNotifying();
        Map<Prefix, PathAttributes> desired = new LinkedHashMap<>();
        for (LocalRoute r : routes) {
            desired.put(r.prefix(), UpdateApplier.strip(r.attributes(), false));
        }
        try {
            for (Prefix p : localRoutes.keySet()) {
                if (!desired.containsKey(p)) {
                    store.remove(fam(p), p.hi(), p.lo(), p.length(), 0, 0);
                }
            }
            for (Map.Entry<Prefix, PathAttributes> e : desired.entrySet()) {
                Prefix p = e.getKey();
                if (!e.getValue().equals(localRoutes.get(p))) {
                    int attrId = store.attrs.acquire(e.getValue());
                    store.upsert(fam(p), p.hi(), p.lo(), p.length(), 0, 0, attrId, NextHopTable.SELF);
                }
            }
            localRoutes = desired;
        } finally {
            flush();
        }
    }

    /** The best path of {@code prefix}, if it has any path. */
    public Optional<Route> best(Prefix prefix) {
        int slot = slot(prefix);
        return slot < 0
                ? Optional.empty()
                : Optional.of(store.route(prefix, table(prefix).value(slot)));
    }

    /** Every path of {@code prefix} in decision order (best first); empty if none. */
    public List<Route> paths(Prefix prefix) {
        int slot = slot(prefix);
        List<Route> out = new ArrayList<>();
        if (slot >= 0) {
            for (int p = table(prefix).value(slot); p != PathStore.NONE; p = store.paths.next(p)) {
                out.add(store.route(prefix, p));
            }
        }
        return out;
    }

    /** The ECMP set of {@code prefix}, best path's next hop first; empty if the prefix has no path. */
    public List<EcmpNextHop> nextHops(Prefix prefix) {
        int slot = slot(prefix);
        List<EcmpNextHop> out = new ArrayList<>();
        if (slot >= 0) {
            int[] pairs = new int[2 * config.maxPaths()];
            int n = store.ecmp(table(prefix).value(slot), pairs);
            for (int i = 0; i < n; i++) {
                out.add(new EcmpNextHop(store.nextHops.get(pairs[2 * i]), store.peers.get(pairs[2 * i + 1]).info));
            }
        }
        return out;
    }

    /**
     * The newest rejected announcement of {@code prefix} among the last {@value RejectionLog#CAPACITY}
     * rejections (import policy, unusable next hop, loop), with the rule in words; empty if none.
     */
    public Optional<Rejection> recentRejection(Prefix prefix) {
        return rejections.find(prefix);
    }

    /** The candidates of {@code prefix}, best first, each with the step and reason that ranked it. */
    public Explanation explain(Prefix prefix) {
        return Explainer.explain(store, prefix, slot(prefix), config.maxPaths());
    }

    /** Calls {@code action} with the best path of every prefix (allocates one {@link Route} per prefix). */
    public void forEachBest(Consumer<Route> action) {
        for (PrefixTable t : store.tables) {
            for (int slot = 0; slot < t.capacity(); slot++) {
                if (t.used(slot)) {
                    action.accept(store.route(t.prefix(slot), t.value(slot)));
                }
            }
        }
    }

    /**
     * {@link #forEachBest} for an export towards {@code to}: skips, without building a {@link Route},
     * prefixes of a family not in {@code families} and prefixes whose best path was learned from
     * {@code to} itself (never sent back to the peer it came from), which {@link ExportRules} would drop
     * anyway. Saves an object per prefix on each export pass when most routes come from that peer.
     */
    void forEachExportable(Set<Family> families, PeerInfo to, Consumer<Route> action) {
        boolean[] fromTarget = new boolean[store.peers.size()];
        for (int i = 0; i < fromTarget.length; i++) {
            PeerInfo from = store.peers.get(i).info;
            fromTarget[i] = from.type() != PeerType.LOCAL && from.address().equals(to.address());
        }
        for (int fam = V4; fam <= V6; fam++) {
            if (!families.contains(fam == V4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST)) {
                continue;
            }
            PrefixTable t = store.tables[fam];
            for (int slot = 0; slot < t.capacity(); slot++) {
                if (t.used(slot)) {
                    int best = t.value(slot);
                    if (!fromTarget[store.paths.peer(best)]) {
                        action.accept(store.route(t.prefix(slot), best));
                    }
                }
            }
        }
    }

    /** Prefixes in the Loc-RIB (both families). */
    public int prefixCount() {
        return store.tables[V4].size() + store.tables[V6].size();
    }

    /** Paths in all Adj-RIBs-In, local routes included. */
    public int pathCount() {
        return store.paths.live();
    }

    /** Distinct interned attribute sets in use. */
    public int attributeSetCount() {
        return store.attrs.size();
    }

    /** Distinct interned next hops in use. */
    public int nextHopCount() {
        return store.nextHops.size();
    }

    /**
     * Bytes held by the prefix tables and the path store (their primitive arrays, growth slack
     * included); the interned attribute sets and next hops are not counted. For metrics and the
     * memory benchmark.
     */
    public long arrayBytes() {
        return store.tables[V4].footprintBytes() + store.tables[V6].footprintBytes() + store.paths.footprintBytes();
    }

    /** The counters of the peer with {@code address}, if the RIB has seen it. */
    public Optional<PeerCounters> counters(InetAddress address) {
        PeerState s = peersByAddress.get(address);
        return s == null ? Optional.empty() : Optional.of(s.counters());
    }

    /** The counters of every peer the RIB has seen (local routes excluded). */
    public List<PeerCounters> counters() {
        List<PeerCounters> out = new ArrayList<>();
        for (PeerState s : store.peers) {
            if (s.index != 0) {
                out.add(s.counters());
            }
        }
        return out;
    }

    /** The interned attribute set equal to {@code attributes}, or null (for tests of interning). */
    PathAttributes interned(PathAttributes attributes) {
        return store.attrs.find(attributes);
    }

    private void sweep(PeerState state, int fam, boolean staleOnly) {
        checkNotNotifying();
        PrefixTable t = store.tables[fam];
        int slot = 0;
        while (slot < t.capacity() && state.accepted[fam] > 0) {
            // A removed prefix lets a later entry shift into its slot: look at the same slot again.
            if (!t.used(slot) || !store.removePeerPaths(fam, slot, state.index, staleOnly)) {
                slot++;
            }
        }
    }

    private PeerState enter(PeerInfo peer) {
        checkNotNotifying();
        Objects.requireNonNull(peer, "peer");
        if (peer.type() == PeerType.LOCAL) {
            throw new IllegalArgumentException("local routes go through setLocalRoutes, not applyUpdate");
        }
        PeerState s = peersByAddress.get(peer.address());
        if (s == null) {
            if (store.peers.size() > 0x00FF_FFFF) {
                throw new IllegalStateException("too many peers");
            }
            s = new PeerState(store.peers.size(), peer);
            store.peers.add(s);
            peersByAddress.put(peer.address(), s);
        } else if (!s.info.equals(peer)) {
            // A new session of the same peer with another identity (router id, AS, type): its stale
            // paths now rank with the new one.
            s.setInfo(peer);
            rerankPeer(s);
        }
        return s;
    }

    private void rerankPeer(PeerState state) {
        for (int fam = V4; fam <= V6; fam++) {
            PrefixTable t = store.tables[fam];
            for (int slot = 0; slot < t.capacity() && state.accepted[fam] > 0; slot++) {
                if (t.used(slot) && hasPathOf(t.value(slot), state.index)) {
                    store.rerankSlot(fam, slot);
                }
            }
        }
    }

    private boolean hasPathOf(int head, int peer) {
        for (int p = head; p != PathStore.NONE; p = store.paths.next(p)) {
            if (store.paths.peer(p) == peer) {
                return true;
            }
        }
        return false;
    }

    private PeerState known(PeerInfo peer) {
        checkNotNotifying();
        return peersByAddress.get(peer.address());
    }

    private void checkNotNotifying() {
        if (notifying) {
            throw new IllegalStateException("a RibListener must not change the RIB from onChanges");
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<BestPathChange> changes = List.copyOf(batch);
        batch.clear();
        notifying = true;
        try {
            for (RibListener l : listeners) {
                l.onChanges(changes);
            }
        } finally {
            notifying = false;
        }
    }

    private int slot(Prefix prefix) {
        return table(prefix).find(prefix.hi(), prefix.lo(), prefix.length());
    }

    private PrefixTable table(Prefix prefix) {
        return store.tables[fam(prefix)];
    }

    private static int fam(Prefix p) {
        return p.ipv6() ? V6 : V4;
    }
}
