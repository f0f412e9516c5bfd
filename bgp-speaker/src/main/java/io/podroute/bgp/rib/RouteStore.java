package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Adj-RIBs-In and the Loc-RIB in one structure: per family a {@link PrefixTable} from prefix to
 * the head of a list of paths in {@link PathStore}, kept in decision order, so the Loc-RIB's best path
 * is the head and the ECMP set is a prefix of the list. Adds, replaces and removes one path at a time,
 * re-ranks the prefix, and reports a {@link BestPathChange} when the best path or the ECMP next hops
 * changed.
 *
 * <p>Invariants, true between calls: every stored prefix has at least one path; every list is ranked
 * by {@link DecisionProcess#rank}; each path holds one reference on its attribute set and next hop;
 * {@code accepted[family]} of each peer equals its number of paths in that family. Ownership of
 * references: {@link #upsert} takes over one reference on each of the ids passed in. Not thread-safe:
 * owned by {@link Rib} on one event loop.
 */
final class RouteStore {
    final PrefixTable[] tables = {new PrefixTable(false), new PrefixTable(true)};
    final PathStore paths = new PathStore();
    final AttrTable attrs;
    final NextHopTable nextHops = new NextHopTable();
    final List<PeerState> peers = new ArrayList<>();
    private final int maxPaths;
    private final ChangeSink sink;

    private Candidate[] scratch = new Candidate[8];
    // The state of the prefix being changed, taken before the change: best path and ECMP pairs.
    private boolean oldPresent;
    private int oldBestPeer;
    private int oldBestPathId;
    private int oldBestAttr;
    private int oldBestNextHop;
    private int[] oldEcmp;
    private int oldEcmpCount;
    private int[] newEcmp;

    RouteStore(RibConfig config, ChangeSink sink) {
        this.attrs = new AttrTable(config.defaultLocalPref());
        this.maxPaths = config.maxPaths();
        this.sink = sink;
        this.oldEcmp = new int[2 * maxPaths];
        this.newEcmp = new int[2 * maxPaths];
    }

    /**
     * Adds or replaces the path ({@code peer}, {@code pathId}) of the prefix, taking over one reference
     * on {@code attrId} and {@code nextHopId}; clears the path's stale mark.
     */
    void upsert(int fam, long hi, long lo, int len, int peer, int pathId, int attrId, int nextHopId) {
        PrefixTable t = tables[fam];
        int slot = t.insert(hi, lo, len, PathStore.NONE);
        int head = t.value(slot);
        int p = head;
        while (p != PathStore.NONE && (paths.peer(p) != peer || paths.pathId(p) != pathId)) {
            p = paths.next(p);
        }
        if (p != PathStore.NONE) {
            paths.setStale(p, false);
            if (paths.attr(p) == attrId && paths.nextHop(p) == nextHopId) {
                attrs.release(attrId);
                nextHops.release(nextHopId);
                return;
            }
            snapshot(head);
            int oldAttr = paths.attr(p);
            int oldNextHop = paths.nextHop(p);
            paths.setAttr(p, attrId);
            paths.setNextHop(p, nextHopId);
            attrs.release(oldAttr);
            nextHops.release(oldNextHop);
        } else {
            snapshot(head);
            p = paths.allocate(peer, pathId, attrId, nextHopId);
            paths.setNext(p, head);
            t.setValue(slot, p);
            peers.get(peer).accepted[fam]++;
        }
        rerank(t, slot);
        report(t, slot);
    }

    /** Removes the path ({@code peer}, {@code pathId}) of the prefix if present. */
    void remove(int fam, long hi, long lo, int len, int peer, int pathId) {
        PrefixTable t = tables[fam];
        int slot = t.find(hi, lo, len);
        if (slot < 0) {
            return;
        }
        int head = t.value(slot);
        int prev = PathStore.NONE;
        int p = head;
        while (p != PathStore.NONE && (paths.peer(p) != peer || paths.pathId(p) != pathId)) {
            prev = p;
            p = paths.next(p);
        }
        if (p == PathStore.NONE) {
            return;
        }
        snapshot(head);
        unlink(t, slot, fam, prev, p);
        finishRemoval(t, slot);
    }

    /** Re-ranks the prefix at {@code slot} (after a change of a peer's identity) and reports any change. */
    void rerankSlot(int fam, int slot) {
        PrefixTable t = tables[fam];
        snapshot(t.value(slot));
        rerank(t, slot);
        report(t, slot);
    }

    /**
     * Removes from the prefix at {@code slot} every path of {@code peer} (only the stale ones if
     * {@code staleOnly}). Returns true if the prefix itself was removed (its slot now holds another
     * prefix or nothing, and must be examined again by a scan).
     */
    boolean removePeerPaths(int fam, int slot, int peer, boolean staleOnly) {
        PrefixTable t = tables[fam];
        int head = t.value(slot);
        boolean any = false;
        for (int p = head; p != PathStore.NONE; p = paths.next(p)) {
            if (paths.peer(p) == peer && (!staleOnly || paths.stale(p))) {
                any = true;
                break;
            }
        }
        if (!any) {
            return false;
        }
        snapshot(head);
        int prev = PathStore.NONE;
        int p = head;
        while (p != PathStore.NONE) {
            int next = paths.next(p);
            if (paths.peer(p) == peer && (!staleOnly || paths.stale(p))) {
                unlink(t, slot, fam, prev, p);
            } else {
                prev = p;
            }
            p = next;
        }
        return finishRemoval(t, slot);
    }

    private void unlink(PrefixTable t, int slot, int fam, int prev, int p) {
        if (prev == PathStore.NONE) {
            t.setValue(slot, paths.next(p));
        } else {
            paths.setNext(prev, paths.next(p));
        }
        peers.get(paths.peer(p)).accepted[fam]--;
        attrs.release(paths.attr(p));
        nextHops.release(paths.nextHop(p));
        paths.release(p);
    }

    private boolean finishRemoval(PrefixTable t, int slot) {
        if (t.value(slot) == PathStore.NONE) {
            if (sink.wantsChanges()) {
                sink.add(new BestPathChange(BestPathChange.Kind.WITHDRAW, t.prefix(slot), null, List.of()));
            }
            t.remove(slot);
            return true;
        }
        rerank(t, slot);
        report(t, slot);
        return false;
    }

    /** Records the best path and ECMP set of the list at {@code head} (none if head is NONE). */
    private void snapshot(int head) {
        oldPresent = head != PathStore.NONE;
        if (!oldPresent) {
            return;
        }
        oldBestPeer = paths.peer(head);
        oldBestPathId = paths.pathId(head);
        oldBestAttr = paths.attr(head);
        oldBestNextHop = paths.nextHop(head);
        oldEcmpCount = ecmp(head, oldEcmp);
    }

    /** Emits ADD or REPLACE for the prefix at {@code slot} if it differs from the snapshot. */
    private void report(PrefixTable t, int slot) {
        int head = t.value(slot);
        int n = ecmp(head, newEcmp);
        BestPathChange.Kind kind;
        if (!oldPresent) {
            kind = BestPathChange.Kind.ADD;
        } else if (paths.peer(head) != oldBestPeer
                || paths.pathId(head) != oldBestPathId
                || paths.attr(head) != oldBestAttr
                || paths.nextHop(head) != oldBestNextHop
                || n != oldEcmpCount
                || !Arrays.equals(oldEcmp, 0, 2 * n, newEcmp, 0, 2 * n)) {
            kind = BestPathChange.Kind.REPLACE;
        } else {
            return;
        }
        if (sink.wantsChanges()) {
            Prefix prefix = t.prefix(slot);
            sink.add(new BestPathChange(kind, prefix, route(prefix, head), ecmpList(n)));
        }
    }

    /** The last ECMP list reported: the prefixes of one UPDATE (or one node) nearly always share it. */
    private List<EcmpNextHop> lastHops = List.of();

    /**
     * The ECMP set in {@code newEcmp[0..2n)} as an immutable list, the same instance as the last one
     * when it holds the same next hops and peers (so a million changes share a handful of lists, and
     * consumers can tell equal sets apart by identity cheaply). Compared by the objects, not the ids:
     * a released next-hop id may be reused for another address.
     */
    @SuppressWarnings("ReferenceEquality") // interned next hops and peers: identity is the point
    private List<EcmpNextHop> ecmpList(int n) {
        List<EcmpNextHop> last = lastHops;
        if (last.size() == n) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                EcmpNextHop h = last.get(i);
                same = h.nextHop() == nextHops.get(newEcmp[2 * i]) && h.peer() == peers.get(newEcmp[2 * i + 1]).info;
            }
            if (same) {
                return last;
            }
        }
        List<EcmpNextHop> hops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hops.add(new EcmpNextHop(nextHops.get(newEcmp[2 * i]), peers.get(newEcmp[2 * i + 1]).info));
        }
        lastHops = List.copyOf(hops);
        return lastHops;
    }

    /**
     * Writes the ECMP set of the ranked list at {@code head} as (next hop id, peer index) pairs into
     * {@code out} and returns their number: the best path, then each following path that is {@link
     * DecisionProcess#multipathEqual} to it and whose pair is not already there, up to maxPaths.
     */
    int ecmp(int head, int[] out) {
        out[0] = paths.nextHop(head);
        out[1] = paths.peer(head);
        int second = paths.next(head);
        if (second == PathStore.NONE || maxPaths == 1) {
            return 1;
        }
        Candidate best = candidate(head);
        int n = 1;
        for (int p = second; p != PathStore.NONE && n < maxPaths; p = paths.next(p)) {
            if (!DecisionProcess.multipathEqual(best, candidate(p))) {
                continue; // not break: with MED's non-transitivity a later path may still qualify
            }
            int nh = paths.nextHop(p);
            int peer = paths.peer(p);
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = out[2 * i] == nh && out[2 * i + 1] == peer;
            }
            if (!seen) {
                out[2 * n] = nh;
                out[2 * n + 1] = peer;
                n++;
            }
        }
        return n;
    }

    /** Re-sorts the list of the prefix at {@code slot} into decision order. */
    private void rerank(PrefixTable t, int slot) {
        int head = t.value(slot);
        if (paths.next(head) == PathStore.NONE) {
            return;
        }
        int n = 0;
        for (int p = head; p != PathStore.NONE; p = paths.next(p)) {
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, n * 2);
            }
            scratch[n++] = candidate(p);
        }
        DecisionProcess.rank(scratch, n);
        for (int i = 0; i < n; i++) {
            paths.setNext(scratch[i].path(), i + 1 < n ? scratch[i + 1].path() : PathStore.NONE);
        }
        t.setValue(slot, scratch[0].path());
        Arrays.fill(scratch, 0, n, null);
    }

    Candidate candidate(int p) {
        return new Candidate(attrs.get(paths.attr(p)), peers.get(paths.peer(p)), paths.pathId(p), p);
    }

    Route route(Prefix prefix, int p) {
        return new Route(
                prefix,
                peers.get(paths.peer(p)).info,
                paths.pathId(p),
                attrs.get(paths.attr(p)).attributes,
                nextHops.get(paths.nextHop(p)),
                paths.stale(p));
    }

    /** Where {@link RouteStore} reports changes; {@link Rib} batches them for its listeners. */
    interface ChangeSink {
        boolean wantsChanges();

        void add(BestPathChange change);
    }
}
