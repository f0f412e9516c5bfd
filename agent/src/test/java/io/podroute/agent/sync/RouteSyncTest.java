package io.podroute.agent.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.EcmpNextHop;
import io.podroute.bgp.rib.NextHopAddress;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import io.podroute.routes.RouteType;
import io.podroute.routes.kernel.FakeKernel;
import io.podroute.routes.reconcile.RouteTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Best-path changes through {@link RouteSync} into a real {@link RouteTable} over the fake kernel. The
 * sync work runs on its own thread; {@link #settle} waits for it with a {@link RouteSync#read} (queued
 * behind the earlier work on the same thread) and then runs one table pass, as the table's loop would.
 */
class RouteSyncTest {
    private static final int PROTO = 80;
    private static final int BLACKHOLE_METRIC = 1000;
    private static final String BLOCK = "10.244.7.0/26";
    private static final Prefix BLOCK_P = Prefix.parse(BLOCK);
    private static final InetAddress NODE_A = Addresses.inet("192.168.1.20");
    private static final InetAddress NODE_B = Addresses.inet("192.168.2.10");
    private static final InetAddress TOR = Addresses.inet("192.168.1.1");
    private static final InetAddress GONE = Addresses.inet("172.16.0.1");

    private final FakeKernel kernel = new FakeKernel();
    private final RouteTable table = new RouteTable(kernel, PROTO);
    private final AtomicInteger kicks = new AtomicInteger();
    private final FakeUnderlay underlay = new FakeUnderlay()
            .connected("192.168.1.20", "192.168.1.0/24")
            .connected("192.168.1.1", "192.168.1.0/24")
            .viaGateway("192.168.2.10", "192.168.1.1");
    private final FakeTunnel tunnel = new FakeTunnel();
    private RouteSync sync;

    private RouteSync start(IpipMode mode) {
        sync = new RouteSync(table, kicks::incrementAndGet, mode, underlay, tunnel, BLACKHOLE_METRIC);
        return sync;
    }

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
    }

    // ------------------------------------------------------------------ BGP side

    private static PeerInfo peer(InetAddress address) {
        return new PeerInfo(address, 64512, 64512, 1, PeerType.IBGP, false);
    }

    private static io.podroute.bgp.codec.nlri.Prefix bgpPrefix(String text) {
        return io.podroute.bgp.codec.nlri.Prefix.parse(text);
    }

    /** An ADD or REPLACE whose ECMP set is {@code nextHops}, each learned from the node itself. */
    private static BestPathChange change(BestPathChange.Kind kind, String prefix, InetAddress... nextHops) {
        List<EcmpNextHop> hops = new ArrayList<>();
        for (InetAddress nh : nextHops) {
            hops.add(new EcmpNextHop(new NextHopAddress(nh, null), peer(nh)));
        }
        return changeFrom(kind, prefix, hops);
    }

    private static BestPathChange changeFrom(BestPathChange.Kind kind, String prefix, List<EcmpNextHop> hops) {
        io.podroute.bgp.codec.nlri.Prefix p = bgpPrefix(prefix);
        EcmpNextHop first = hops.get(0);
        io.podroute.bgp.rib.Route best =
                new io.podroute.bgp.rib.Route(p, first.peer(), 0, null, first.nextHop(), false);
        return new BestPathChange(kind, p, best, hops);
    }

    private static BestPathChange add(String prefix, InetAddress... nextHops) {
        return change(BestPathChange.Kind.ADD, prefix, nextHops);
    }

    private static BestPathChange withdraw(String prefix) {
        return new BestPathChange(BestPathChange.Kind.WITHDRAW, bgpPrefix(prefix), null, List.of());
    }

    private static EcmpNextHop via(InetAddress nextHop, InetAddress peer) {
        return new EcmpNextHop(new NextHopAddress(nextHop, null), peer(peer));
    }

    // ------------------------------------------------------------------ kernel side

    /** Waits for the sync thread's queued work, then runs one table pass. */
    private void settle() throws NetlinkException {
        sync.read(v -> null);
        table.apply();
    }

    private Route kernelRoute(Prefix prefix, int metric) {
        return kernel.route(new RouteKey(254, prefix, metric));
    }

    private Route kernelRoute(Prefix prefix) {
        return kernelRoute(prefix, 0);
    }

    private boolean inKernel(Route route) {
        Boolean in = sync.read(v -> v.inKernel(route));
        return in;
    }

    private Resolved learned(Prefix prefix) {
        return sync.read(v -> v.learned(prefix));
    }

    @Test
    void theSyncThreadRunsAtTheFeedersNiceValueSoTheTableWriterGoesFirst() {
        start(IpipMode.NEVER);
        int nice = sync.read(v -> {
            try {
                String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                return Integer.parseInt(
                        stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(FeederPriority.NICE, nice);
    }

    @Test
    void prefixesWithTheSameNextHopsShareOneDecisionAndCarryTheTablesProtocol() throws Exception {
        start(IpipMode.CROSS_SUBNET);
        sync.onChanges(List.of(add("10.244.8.0/26", NODE_A), add("10.244.9.0/26", NODE_A)));
        settle();
        sync.read(v -> {
            Resolved a = v.learned(Prefix.parse("10.244.8.0/26"));
            Resolved b = v.learned(Prefix.parse("10.244.9.0/26"));
            assertTrue(a.decision() == b.decision(), "one interned decision per next-hop set");
            assertEquals(PROTO, a.route().protocol(), "built with the table's protocol: no stamped copy");
            return null;
        });
        assertEquals(1, underlay.lookups(), "one underlay look-up for both");
    }

    @Test
    void batchesThatChangeTheDesiredSetAreReportedWithTheTableGeneration() throws Exception {
        List<long[]> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(IpipMode.CROSS_SUBNET).setNodes(Map.of(NODE_A, "node-a", NODE_B, "node-b"));
        sync.onBatchWritten(received -> written.add(new long[] {received, table.generation()}));
        long before = System.nanoTime();
        sync.onChanges(List.of(add(BLOCK, NODE_A)));
        settle();
        assertEquals(1, written.size());
        assertTrue(written.get(0)[0] >= before, "the time the batch arrived");
        assertTrue(table.passGeneration() >= written.get(0)[1], "the pass covered it");
        sync.onChanges(List.of(add(BLOCK, NODE_A)));
        settle();
        assertEquals(1, written.size(), "the same route again changes nothing: not reported");
    }

    @Test
    void ipv6PrefixesTakeTheObjectPathBesideTheCompactIpv4One() throws Exception {
        InetAddress v6hop = Addresses.inet("fd00::1");
        underlay.connected("fd00::1", "fd00::/64");
        start(IpipMode.NEVER);
        table.markComplete();
        sync.onChanges(List.of(add("fd10:1::/64", v6hop), add("10.244.8.0/26", TOR), add("fd10:2::/64", v6hop)));
        settle();
        assertEquals(3, table.desiredCount());
        Route v6 = kernel.route(new RouteKey(254, Prefix.parse("fd10:1::/64"), Route.IPV6_DEFAULT_METRIC));
        assertEquals(Addresses.inet("fd00::1"), v6.gateway());
        assertEquals(PROTO, v6.protocol());
        assertEquals(TOR, kernelRoute(Prefix.parse("10.244.8.0/26")).gateway());
        assertEquals("direct", learned(Prefix.parse("fd10:2::/64")).kind());
        sync.onChanges(List.of(withdraw("fd10:1::/64"), withdraw("10.244.8.0/26")));
        settle();
        assertEquals(1, table.desiredCount());
        assertNull(kernel.route(new RouteKey(254, Prefix.parse("fd10:1::/64"), Route.IPV6_DEFAULT_METRIC)));
        assertNull(kernelRoute(Prefix.parse("10.244.8.0/26")));
        assertNull(learned(Prefix.parse("fd10:1::/64")));
    }

    @Test
    void addReplaceAndWithdrawFollowTheBestPath() throws Exception {
        start(IpipMode.CROSS_SUBNET).setNodes(Map.of(NODE_A, "node-a", NODE_B, "node-b"));
        sync.onChanges(List.of(add(BLOCK, NODE_A)));
        settle();
        assertEquals(1, table.desiredCount());
        Route k = kernelRoute(BLOCK_P);
        assertNotNull(k, kernel.allRoutes().toString());
        assertEquals(NODE_A, k.gateway());
        assertEquals(PROTO, k.protocol());
        assertFalse(k.onlink());
        Resolved r = learned(BLOCK_P);
        assertEquals("direct", r.kind());
        assertTrue(inKernel(r.route()));

        sync.onChanges(List.of(change(BestPathChange.Kind.REPLACE, BLOCK, NODE_B)));
        settle();
        Route tunnelled = kernelRoute(BLOCK_P);
        assertEquals(NODE_B, tunnelled.gateway());
        assertEquals(FakeTunnel.IFINDEX, tunnelled.ifIndex());
        assertTrue(tunnelled.onlink());
        assertEquals(FakeTunnel.MTU, tunnelled.mtu());
        assertEquals(1, kernel.allRoutes().size());
        assertEquals("ipip", learned(BLOCK_P).kind());
        assertEquals(Map.of(BLOCK_P, (Inet4Address) NODE_B), tunnel.lastBlocks());

        sync.onChanges(List.of(withdraw(BLOCK)));
        sync.read(v -> null);
        assertEquals(0, table.desiredCount());
        table.markComplete();
        table.apply();
        assertEquals(List.of(), kernel.allRoutes());
        assertNull(learned(BLOCK_P));
        assertEquals(Map.of(), tunnel.lastBlocks());
        assertEquals(3, kicks.get());
    }

    @Test
    void ownBlocksGetABlackholeAndNeverALearnedRoute() throws Exception {
        Prefix own = Prefix.parse("10.244.1.0/26");
        Prefix next = Prefix.parse("10.244.1.64/26");
        start(IpipMode.CROSS_SUBNET).setOwnBlocks(Set.of(own));
        // Another node (wrongly) announces our block: not installed.
        sync.onChanges(List.of(add("10.244.1.0/26", NODE_A)));
        settle();
        assertNull(learned(own));
        assertNull(kernelRoute(own));
        Route hole = kernelRoute(own, BLACKHOLE_METRIC);
        assertNotNull(hole, kernel.allRoutes().toString());
        assertEquals(RouteType.BLACKHOLE, hole.type());
        assertEquals(PROTO, hole.protocol());
        assertEquals("blackhole", sync.read(v -> v.blackhole(own)).kind());
        assertEquals(1, table.desiredCount());

        // Our block changes (the wrong announcement gone by then): the old blackhole goes, the new
        // one comes.
        sync.onChanges(List.of(withdraw("10.244.1.0/26")));
        sync.setOwnBlocks(Set.of(next));
        sync.read(v -> null);
        table.markComplete();
        table.apply();
        assertNull(kernelRoute(own, BLACKHOLE_METRIC));
        assertNotNull(kernelRoute(next, BLACKHOLE_METRIC));
        assertNull(sync.read(v -> v.blackhole(own)));
        assertEquals(
                List.of(next),
                sync.read(v -> v.all().stream().map(Resolved::prefix).toList()));
    }

    @Test
    void aLearnedRouteForABlockThatBecomesOursIsReplacedByTheBlackhole() throws Exception {
        start(IpipMode.CROSS_SUBNET).setNodes(Map.of(NODE_B, "node-b"));
        sync.onChanges(List.of(add(BLOCK, NODE_B)));
        settle();
        assertNotNull(kernelRoute(BLOCK_P));
        assertEquals(Map.of(BLOCK_P, (Inet4Address) NODE_B), tunnel.lastBlocks());

        sync.setOwnBlocks(List.of(BLOCK_P));
        sync.read(v -> null);
        table.markComplete();
        table.apply();
        assertNull(kernelRoute(BLOCK_P));
        assertNotNull(kernelRoute(BLOCK_P, BLACKHOLE_METRIC));
        assertNull(learned(BLOCK_P));
        assertEquals(Map.of(), tunnel.lastBlocks());
    }

    @Test
    void aPathLearnedWhileTheBlockWasOursIsInstalledOnceTheBlockIsGivenUp() throws Exception {
        // We release our block and stop announcing it; the RIB's best path becomes the new owner's,
        // and that change may arrive before the agent tells us the block is no longer ours.
        start(IpipMode.CROSS_SUBNET).setOwnBlocks(Set.of(BLOCK_P));
        sync.onChanges(List.of(change(BestPathChange.Kind.REPLACE, BLOCK, NODE_A)));
        settle();
        assertNull(kernelRoute(BLOCK_P));

        sync.setOwnBlocks(Set.of());
        sync.read(v -> null);
        table.markComplete();
        table.apply();
        assertNull(kernelRoute(BLOCK_P, BLACKHOLE_METRIC));
        Route k = kernelRoute(BLOCK_P);
        assertNotNull(k, kernel.allRoutes().toString());
        assertEquals(NODE_A, k.gateway());
        assertEquals("direct", learned(BLOCK_P).kind());
    }

    @Test
    void ourOwnOriginatedBestPathInstallsNothing() throws Exception {
        start(IpipMode.CROSS_SUBNET);
        PeerInfo local = PeerInfo.local(64512, 1);
        io.podroute.bgp.codec.nlri.Prefix p = bgpPrefix(BLOCK);
        io.podroute.bgp.rib.Route best = new io.podroute.bgp.rib.Route(p, local, 0, null, null, false);
        sync.onChanges(
                List.of(new BestPathChange(BestPathChange.Kind.ADD, p, best, List.of(new EcmpNextHop(null, local)))));
        settle();
        assertEquals(0, table.desiredCount());
        assertEquals(List.of(), kernel.allRoutes());
        assertNull(learned(BLOCK_P));
        assertEquals(0, kicks.get());

        // A learned path replaced by our own: the learned route goes.
        sync.onChanges(List.of(change(BestPathChange.Kind.REPLACE, BLOCK, NODE_A)));
        settle();
        assertEquals(1, table.desiredCount());
        sync.onChanges(List.of(
                new BestPathChange(BestPathChange.Kind.REPLACE, p, best, List.of(new EcmpNextHop(null, local)))));
        sync.read(v -> null);
        assertEquals(0, table.desiredCount());
        assertNull(learned(BLOCK_P));
    }

    /**
     * IPv4 best paths take a path without prefix objects while nothing is tunnelled or shadowed, the
     * general one otherwise: a prefix added by one and withdrawn by the other must be the same entry.
     */
    @Test
    void theIpv4FastPathAndTheGeneralPathKeepTheSameEntries() throws Exception {
        start(IpipMode.CROSS_SUBNET).setNodes(Map.of(NODE_A, "node-a", NODE_B, "node-b"));
        table.markComplete(); // withdrawn routes are deleted from the kernel at once
        Prefix direct = Prefix.parse("10.244.8.0/26");
        Prefix far = Prefix.parse("10.244.9.0/26");
        // fast path (nothing tunnelled yet); host bits in the announcement are cleared as in the route
        sync.onChanges(List.of(add("10.244.8.5/26", NODE_A)));
        settle();
        assertEquals("direct", learned(direct).kind());
        assertEquals(NODE_A, kernelRoute(direct).gateway());
        // a tunnelled prefix: from now on every change takes the general path
        sync.onChanges(List.of(add(far.toString(), NODE_B)));
        settle();
        assertEquals(Map.of(far, (Inet4Address) NODE_B), tunnel.lastBlocks());
        sync.onChanges(List.of(withdraw(direct.toString()))); // general path: the fast path's entry
        settle();
        assertNull(learned(direct));
        assertNull(kernelRoute(direct));
        sync.onChanges(List.of(add(direct.toString(), NODE_A))); // general path adds it back
        sync.onChanges(List.of(withdraw(far.toString())));
        settle();
        assertEquals(Map.of(), tunnel.lastBlocks());
        sync.onChanges(List.of(withdraw("10.244.8.5/26"))); // fast path again: the general path's entry
        settle();
        assertNull(learned(direct));
        assertNull(kernelRoute(direct));
        assertNull(learned(far));
        int[] left = {0};
        sync.read(v -> {
            left[0] = v.all().size();
            return null;
        });
        assertEquals(0, left[0]);
    }

    @Test
    void aRouterThatBecomesANodeIsTunnelledUnderAlways() throws Exception {
        start(IpipMode.ALWAYS);
        sync.onChanges(List.of(add(BLOCK, NODE_A)));
        settle();
        // Not registered as a node: a router on our subnet, routed directly.
        assertEquals("direct", learned(BLOCK_P).kind());
        assertEquals(NODE_A, kernelRoute(BLOCK_P).gateway());
        assertFalse(kernelRoute(BLOCK_P).onlink());
        assertTrue(tunnel.setBlocksCalls().isEmpty());

        sync.setNodes(Map.of(NODE_A, "node-a"));
        settle();
        Resolved r = learned(BLOCK_P);
        assertEquals("ipip", r.kind());
        assertEquals(NODE_A, r.tunnelNode());
        assertEquals(Map.of(BLOCK_P, (Inet4Address) NODE_A), tunnel.lastBlocks());
        Route k = kernelRoute(BLOCK_P);
        assertEquals(FakeTunnel.IFINDEX, k.ifIndex());
        assertTrue(k.onlink());
        assertTrue(inKernel(r.route()));
        assertEquals(2, kicks.get());
    }

    @Test
    void anUnderlayChangeMovesAConnectedNodeIntoTheTunnel() throws Exception {
        start(IpipMode.CROSS_SUBNET).setNodes(Map.of(NODE_A, "node-a"));
        sync.onChanges(List.of(add(BLOCK, NODE_A)));
        settle();
        assertEquals("direct", learned(BLOCK_P).kind());

        // Nothing changed in the underlay: nothing re-resolved, no kick.
        sync.underlayChanged();
        settle();
        assertEquals(1, kicks.get());

        underlay.viaGateway("192.168.1.20", "192.168.1.1");
        sync.underlayChanged();
        settle();
        assertEquals("ipip", learned(BLOCK_P).kind());
        assertEquals(Map.of(BLOCK_P, (Inet4Address) NODE_A), tunnel.lastBlocks());
        assertTrue(kernelRoute(BLOCK_P).onlink());
        assertEquals(2, kicks.get());

        // And back.
        underlay.connected("192.168.1.20", "192.168.1.0/24");
        sync.underlayChanged();
        settle();
        assertEquals("direct", learned(BLOCK_P).kind());
        assertFalse(kernelRoute(BLOCK_P).onlink());
        assertEquals(Map.of(), tunnel.lastBlocks());
    }

    @Test
    void installedByPeerCountsPrefixesPerPeerOfTheirInstalledRoutes() throws Exception {
        start(IpipMode.CROSS_SUBNET).setNodes(Map.of(NODE_A, "node-a", GONE, "node-gone"));
        InetAddress rr1 = Addresses.inet("192.168.1.5");
        InetAddress rr2 = Addresses.inet("192.168.1.6");
        sync.onChanges(List.of(
                changeFrom(BestPathChange.Kind.ADD, "10.244.1.0/26", List.of(via(NODE_A, rr1))),
                changeFrom(BestPathChange.Kind.ADD, "10.244.2.0/26", List.of(via(NODE_A, rr1), via(TOR, rr2))),
                // The same next hop reflected twice by one reflector counts once.
                changeFrom(BestPathChange.Kind.ADD, "10.244.3.0/26", List.of(via(TOR, rr2), via(NODE_A, rr2))),
                changeFrom(BestPathChange.Kind.ADD, "10.244.4.0/26", List.of(via(GONE, rr2)))));
        settle();
        assertEquals(Map.of(rr1, 2, rr2, 2), sync.read(RouteSync.View::installedByPeer));
        assertEquals(3, table.desiredCount());
        assertEquals("unresolved", learned(Prefix.parse("10.244.4.0/26")).kind());
    }

    @Test
    void eachBatchKicksTheTableOnceAndABatchWithoutRoutesNotAtAll() throws Exception {
        start(IpipMode.CROSS_SUBNET);
        sync.onChanges(List.of(add("10.244.1.0/26", NODE_A), add("10.244.2.0/26", TOR), add("10.244.3.0/26", NODE_A)));
        sync.read(v -> null);
        assertEquals(1, kicks.get());
        assertEquals(3, table.desiredCount());
        sync.onChanges(List.of(add("10.244.4.0/26", GONE)));
        sync.read(v -> null);
        assertEquals(1, kicks.get());
        sync.onChanges(List.of(withdraw("10.244.1.0/26"), withdraw("10.244.2.0/26")));
        sync.read(v -> null);
        assertEquals(2, kicks.get());
        assertEquals(1, table.desiredCount());
    }

    @Test
    void aPrefixAddedAndWithdrawnInOneBatchIsNotDesired() throws Exception {
        start(IpipMode.CROSS_SUBNET);
        sync.onChanges(List.of(add(BLOCK, NODE_A), withdraw(BLOCK)));
        settle();
        assertEquals(0, table.desiredCount());
        assertEquals(List.of(), kernel.allRoutes());
        // And the other order: withdrawn, then added again.
        sync.onChanges(List.of(add(BLOCK, NODE_A)));
        sync.onChanges(List.of(withdraw(BLOCK), add(BLOCK, TOR)));
        settle();
        assertEquals(1, table.desiredCount());
        assertEquals(TOR, kernelRoute(BLOCK_P).gateway());
    }
}
