package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.agent.api.IpamView;
import io.podroute.agent.config.AgentSetup;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Datastore} must give {@link Ipam}. A subclass supplies {@link #newStore()}:
 * each call within one test returns a new client over the same, initially empty, backing data (the same
 * file, the same etcd prefix), as separate agents would have.
 */
public abstract class IpamContractTest {
    static final AgentSetup.Pool POOL = new AgentSetup.Pool(Prefix.parse("10.244.0.0/24"), 26, true);
    static final AgentSetup.Pool BIG_POOL = new AgentSetup.Pool(Prefix.parse("10.244.0.0/16"), 26, true);
    static final long ASN = 64512;

    private final List<Datastore> opened = new ArrayList<>();
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** A new client over this test's backing data. */
    protected abstract Datastore newStore() throws Exception;

    protected final Datastore store() throws Exception {
        Datastore s = newStore();
        synchronized (opened) {
            opened.add(s);
        }
        return s;
    }

    protected final Ipam ipam(List<AgentSetup.Pool> pools) throws Exception {
        return new Ipam(store(), pools, clock);
    }

    @AfterEach
    void closeStores() {
        synchronized (opened) {
            opened.forEach(Datastore::close);
            opened.clear();
        }
    }

    static Inet4Address ip(String text) {
        return (Inet4Address) Addresses.inet(text);
    }

    @Test
    void blocksAreHandedOutInAddressOrderAndKeptAcrossRestarts() throws Exception {
        Ipam first = ipam(List.of(POOL));
        assertEquals(
                Prefix.parse("10.244.0.0/26"),
                first.claim("node1", ip("10.0.0.1"), ASN).block());
        assertEquals(
                Prefix.parse("10.244.0.64/26"),
                first.claim("node2", ip("10.0.0.2"), ASN).block());

        Ipam restarted = ipam(List.of(POOL));
        NodeRecord again = restarted.claim("node1", ip("10.0.0.1"), ASN);
        assertEquals(new NodeRecord("node1", ip("10.0.0.1"), ASN, Prefix.parse("10.244.0.0/26")), again);
        assertEquals(List.of("node1", "node2"), names(restarted.nodes()));
        assertEquals(again, restarted.nodes().get(0));
    }

    @Test
    void concurrentClaimsFromSeparateClientsGetDistinctBlocks() throws Exception {
        int nodes = 50;
        List<Ipam> clients = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            clients.add(ipam(List.of(BIG_POOL)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<NodeRecord>> results = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Ipam ipam = clients.get(i);
                String name = "node" + i;
                Inet4Address addr = ip("10.0.1." + (i + 1));
                Callable<NodeRecord> claim = () -> {
                    start.await();
                    return ipam.claim(name, addr, ASN);
                };
                results.add(pool.submit(claim));
            }
            long t0 = System.nanoTime();
            start.countDown();
            Set<Prefix> blocks = new HashSet<>();
            for (Future<NodeRecord> f : results) {
                blocks.add(f.get(120, TimeUnit.SECONDS).block());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println(getClass().getSimpleName() + ": " + nodes + " concurrent claims took " + millis + " ms");
            assertEquals(nodes, blocks.size(), "every node got its own block");
            Ipam check = ipam(List.of(BIG_POOL));
            assertEquals(nodes, check.nodes().size());
            assertEquals(nodes, check.ipamView().pools().get(0).allocated());
            for (NodeRecord n : check.nodes()) {
                assertEquals(n, check.claim(n.name(), n.nodeIp(), n.asn()), "registry agrees with blocks/");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exhaustedPoolNamesTheHoldersAndTheFix() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        for (int i = 1; i <= 4; i++) {
            ipam.claim("node" + i, ip("10.0.0." + i), ASN);
        }
        IpamException e = assertThrows(IpamException.class, () -> ipam.claim("node5", ip("10.0.0.5"), ASN));
        assertEquals(
                "no free /26 block in pool 10.244.0.0/24 (4 blocks, all held: node1, node2, node3, node4);"
                        + " free the blocks of removed nodes with `podroute ipam release NODE`",
                e.getMessage());
    }

    @Test
    void exhaustionListsAtMostFiveHolders() throws Exception {
        AgentSetup.Pool small = new AgentSetup.Pool(Prefix.parse("10.244.0.0/29"), 30, true);
        AgentSetup.Pool tiny = new AgentSetup.Pool(Prefix.parse("10.245.0.0/30"), 30, true);
        Ipam ipam = ipam(List.of(small, tiny));
        for (int i = 1; i <= 3; i++) {
            ipam.claim("n" + i, ip("10.0.0." + i), ASN);
        }
        IpamException e = assertThrows(IpamException.class, () -> ipam.claim("n9", ip("10.0.0.9"), ASN));
        assertEquals(
                "no free /30 block in pool 10.244.0.0/29 (2 blocks, all held: n1, n2);"
                        + " no free /30 block in pool 10.245.0.0/30 (1 blocks, all held: n3);"
                        + " free the blocks of removed nodes with `podroute ipam release NODE`",
                e.getMessage());

        AgentSetup.Pool eight = new AgentSetup.Pool(Prefix.parse("10.246.0.0/27"), 30, true);
        Ipam many = ipam(List.of(eight));
        for (int i = 1; i <= 8; i++) {
            many.claim("m" + i, ip("10.0.1." + i), ASN);
        }
        e = assertThrows(IpamException.class, () -> many.claim("m9", ip("10.0.1.9"), ASN));
        assertTrue(e.getMessage().contains("(8 blocks, all held: m1, m2, m3, m4, m5 and 3 more)"), e.getMessage());
    }

    @Test
    void releasedBlockGoesToTheNextNode() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        for (int i = 1; i <= 4; i++) {
            ipam.claim("node" + i, ip("10.0.0." + i), ASN);
            ipam.heartbeat("node" + i);
        }
        assertTrue(ipam.release("node2"));
        assertFalse(ipam.release("node2"), "nothing left to release");
        assertFalse(ipam.release("ghost"));
        Datastore raw = store();
        assertTrue(raw.get("nodes/node2").isEmpty());
        assertTrue(raw.get("heartbeats/node2").isEmpty());

        NodeRecord node5 = ipam(List.of(POOL)).claim("node5", ip("10.0.0.5"), ASN);
        assertEquals(Prefix.parse("10.244.0.64/26"), node5.block());
        assertEquals(List.of("node1", "node3", "node4", "node5"), names(ipam.nodes()));
    }

    @Test
    void aRunningNodeReleasedByMistakeTakesItsOwnBlockBack() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        NodeRecord node1 = ipam.claim("node1", ip("10.0.0.1"), ASN);
        assertTrue(ipam.stillHolds(node1));
        assertTrue(ipam(List.of(POOL)).release("node1"));
        assertFalse(ipam.stillHolds(node1));
        assertTrue(ipam.reclaim(node1));
        assertTrue(ipam.stillHolds(node1));
        assertEquals(List.of(node1), ipam.nodes());

        assertTrue(ipam.release("node1"));
        NodeRecord node2 = ipam(List.of(POOL)).claim("node2", ip("10.0.0.2"), ASN);
        assertEquals(node1.block(), node2.block(), "the freed block went to node2 first");
        assertFalse(ipam.reclaim(node1), "never takes a block another node holds");
        assertFalse(ipam.stillHolds(node1));
        assertEquals(List.of(node2), ipam.nodes(), "and claims nothing else behind the operator's back");
    }

    @Test
    void blockClaimWithoutRegistryEntryIsRepaired() throws Exception {
        Datastore raw = store();
        assertTrue(raw.create("blocks/10.244.0.128-26", "node1")); // crashed right after the claim
        NodeRecord repaired = ipam(List.of(POOL)).claim("node1", ip("10.0.0.1"), ASN);
        assertEquals(Prefix.parse("10.244.0.128/26"), repaired.block());
        assertEquals(List.of(repaired), ipam(List.of(POOL)).nodes());
    }

    @Test
    void blockClaimWinsOverADifferentRegistryEntry() throws Exception {
        Datastore raw = store();
        assertTrue(raw.create("blocks/10.244.0.128-26", "node1"));
        raw.put(
                "nodes/node1",
                NodeRecordJson.write(new NodeRecord("node1", ip("10.0.0.1"), ASN, Prefix.parse("10.244.0.192/26"))));
        Ipam ipam = ipam(List.of(POOL));
        assertEquals(
                Prefix.parse("10.244.0.128/26"),
                ipam.claim("node1", ip("10.0.0.1"), ASN).block());
        assertEquals(Prefix.parse("10.244.0.128/26"), ipam.nodes().get(0).block());
        assertTrue(raw.get("blocks/10.244.0.192-26").isEmpty(), "nothing claimed for the stale entry");
    }

    @Test
    void lostBlockClaimTakesTheRegisteredBlockBackIfFree() throws Exception {
        Datastore raw = store();
        raw.put(
                "nodes/node1",
                NodeRecordJson.write(new NodeRecord("node1", ip("10.0.0.1"), ASN, Prefix.parse("10.244.0.192/26"))));
        assertEquals(
                Prefix.parse("10.244.0.192/26"),
                ipam(List.of(POOL)).claim("node1", ip("10.0.0.1"), ASN).block());
        assertEquals("node1", raw.get("blocks/10.244.0.192-26").orElseThrow().value());
    }

    @Test
    void changedAddressAndAsKeepTheBlock() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        ipam.claim("node0", ip("10.0.0.9"), ASN);
        NodeRecord before = ipam.claim("node1", ip("10.0.0.1"), ASN);
        NodeRecord after = ipam(List.of(POOL)).claim("node1", ip("192.168.7.1"), 4_200_000_000L);
        assertEquals(before.block(), after.block());
        assertEquals(after, ipam.nodes().get(1));
        assertEquals(ip("192.168.7.1"), ipam.nodes().get(1).nodeIp());
    }

    @Test
    void invalidNodeNamesAreRefused() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        for (String bad : List.of("", "node/1", "nöde", "a b", "x".repeat(254))) {
            IpamException e = assertThrows(IpamException.class, () -> ipam.claim(bad, ip("10.0.0.1"), ASN), bad);
            assertTrue(e.getMessage().startsWith("invalid node name '" + bad + "'"), e.getMessage());
        }
        assertEquals(
                Prefix.parse("10.244.0.0/26"),
                ipam.claim("Node-1.rack_2", ip("10.0.0.1"), ASN).block());
        assertEquals(
                Prefix.parse("10.244.0.64/26"),
                ipam.claim("x".repeat(253), ip("10.0.0.2"), ASN).block());
    }

    @Test
    void expiredNodesAreReleasedButNeverSelf() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        for (String n : List.of("node1", "node2", "node3")) {
            ipam.claim(n, ip("10.0.0.1"), ASN);
            ipam.heartbeat(n);
        }
        ipam.claim("silent", ip("10.0.0.4"), ASN); // never beats
        Duration grace = Duration.ofSeconds(60);
        assertEquals(List.of(), ipam.releaseExpired(grace, "node1"));
        clock.advance(Duration.ofSeconds(30));
        ipam.heartbeat("node2");
        clock.advance(Duration.ofSeconds(40)); // node1, node3: 70 s; node2: 40 s; silent: missing for 70 s
        assertEquals(List.of("node3", "silent"), ipam.releaseExpired(grace, "node1"));
        assertEquals(List.of("node1", "node2"), names(ipam.nodes()));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of("node2"), ipam.releaseExpired(grace, "node1"));
        assertEquals(List.of("node1"), names(ipam.nodes()));
        assertEquals(1, ipam.ipamView().blocks().size());
    }

    @Test
    void missingHeartbeatCountsFromFirstSighting() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        ipam.claim("silent", ip("10.0.0.4"), ASN);
        Duration grace = Duration.ofSeconds(60);
        clock.advance(Duration.ofSeconds(100));
        assertEquals(List.of(), ipam.releaseExpired(grace, "self"), "first sighting starts the count");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), ipam.releaseExpired(grace, "self"), "exactly grace is not older than grace");
        ipam.heartbeat("silent"); // it came back
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(), ipam.releaseExpired(grace, "self"));
        assertEquals(1, ipam.nodes().size());
    }

    @Test
    void ipamViewShowsUsageBlocksAndHeartbeats() throws Exception {
        Ipam ipam = ipam(List.of(POOL));
        ipam.claim("node1", ip("10.0.0.1"), ASN);
        ipam.heartbeat("node1");
        Datastore raw = store();
        assertTrue(raw.create("blocks/10.99.0.0-26", "old")); // pool since removed: kept, not counted
        assertTrue(raw.create("blocks/garbage", "junk")); // not a block key: ignored
        IpamView view = ipam.ipamView();
        assertEquals(raw.describe(), view.datastore());
        assertEquals(List.of(new IpamView.PoolUsage("10.244.0.0/24", 26, 4, 1)), view.pools());
        assertEquals(
                List.of(
                        new IpamView.BlockView("10.99.0.0/26", "old", null, null),
                        new IpamView.BlockView(
                                "10.244.0.0/26", "node1", "10.0.0.1", Instant.parse("2026-01-01T00:00:00Z"))),
                view.blocks());
    }

    @Test
    void blockOutsideThePoolsIsKeptByItsNode() throws Exception {
        Datastore raw = store();
        assertTrue(raw.create("blocks/10.99.0.0-26", "node1"));
        assertEquals(
                Prefix.parse("10.99.0.0/26"),
                ipam(List.of(POOL)).claim("node1", ip("10.0.0.1"), ASN).block());
    }

    @Test
    void blocksOfAnotherSizeAreNotHandedOutAgain() throws Exception {
        Datastore raw = store();
        assertTrue(raw.create("blocks/10.244.0.0-25", "old")); // from when blocks were /25
        Ipam ipam = ipam(List.of(POOL));
        assertEquals(
                Prefix.parse("10.244.0.128/26"),
                ipam.claim("node1", ip("10.0.0.1"), ASN).block());
        assertEquals(
                Prefix.parse("10.244.0.192/26"),
                ipam.claim("node2", ip("10.0.0.2"), ASN).block());
        assertThrows(IpamException.class, () -> ipam.claim("node3", ip("10.0.0.3"), ASN));
    }

    @Test
    void laterPoolsAreUsedWhenTheFirstIsFull() throws Exception {
        AgentSetup.Pool second = new AgentSetup.Pool(Prefix.parse("10.245.0.0/25"), 26, true);
        Ipam ipam = ipam(List.of(POOL, second));
        List<Prefix> blocks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            blocks.add(ipam.claim("node" + i, ip("10.0.0." + (i + 1)), ASN).block());
        }
        assertEquals(Prefix.parse("10.245.0.0/26"), blocks.get(4));
        assertEquals(Prefix.parse("10.245.0.64/26"), blocks.get(5));
        IpamView view = ipam.ipamView();
        assertEquals(4, view.pools().get(0).allocated());
        assertEquals(2, view.pools().get(1).allocated());
        assertNotEquals(blocks.get(0), blocks.get(4));
    }

    @Test
    void unreadableRegistryEntriesAreSkippedAndRewrittenByTheirNode() throws Exception {
        Datastore raw = store();
        raw.put("nodes/node1", "{not json");
        Ipam ipam = ipam(List.of(POOL));
        assertEquals(List.of(), ipam.nodes());
        NodeRecord n = ipam.claim("node1", ip("10.0.0.1"), ASN);
        assertEquals(List.of(n), ipam.nodes());
        assertNull(ipam.ipamView().blocks().get(0).lastSeen());
    }

    private static List<String> names(List<NodeRecord> nodes) {
        return nodes.stream().map(NodeRecord::name).toList();
    }
}
