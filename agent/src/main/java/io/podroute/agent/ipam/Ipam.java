package io.podroute.agent.ipam;

import io.podroute.agent.api.IpamView;
import io.podroute.agent.config.AgentSetup;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod block allocation and the node registry over any {@link Datastore} (docs/ipam.md).
 *
 * <p>Invariants: a block belongs to the node named by its {@code blocks/<a.b.c.d>-<len>} key, which is
 * only ever created with {@link Datastore#create} (so two nodes never hold one block) and only deleted
 * with the revision just read (so a release never deletes a block re-claimed in the meantime). The
 * registry ({@code nodes/<name>}) is derived: when it disagrees with {@code blocks/}, {@code blocks/}
 * wins and {@link #claim} rewrites the registry. Every node must be configured with the same pools.
 *
 * <p>Threads: every method may be called from any thread; the only state of an instance is when
 * {@link #releaseExpired} first saw each node without a heartbeat, kept in a concurrent map.
 */
public final class Ipam {
    /** Prefix of the registry keys; watch it to follow nodes joining, moving and leaving. */
    public static final String NODES_PREFIX = IpamKeys.NODES;
    /** Prefix of the block claims; watch it to notice this node's block being released. */
    public static final String BLOCKS_PREFIX = IpamKeys.BLOCKS;
    /** Prefix of the heartbeats. */
    public static final String HEARTBEATS_PREFIX = IpamKeys.HEARTBEATS;

    /** Each lost race means another claim succeeded, so this bounds the claims racing with ours. */
    static final int MAX_CLAIM_ATTEMPTS = 100;

    private static final Logger log = LoggerFactory.getLogger(Ipam.class);

    private final Datastore store;
    private final List<AgentSetup.Pool> pools;
    private final Clock clock;
    private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();
    private final Set<Prefix> reportedOutside = ConcurrentHashMap.newKeySet();

    /**
     * An IPAM over {@code store}; reads and writes nothing until called.
     *
     * @param pools the pools in configuration order (IPv4; each block size between the pool's length and 32)
     * @throws IllegalArgumentException if a pool is not IPv4 or its block size does not fit
     */
    public Ipam(Datastore store, List<AgentSetup.Pool> pools, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.pools = List.copyOf(pools);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pools.forEach(BlockSpace::checkPool);
    }

    /**
     * Claims this node's block (the same one after a restart) and registers the node; idempotent. A
     * block already held under this name is kept, even when the node's IP or AS changed (the registry
     * entry is updated) and even when the pools no longer contain it (with a warning). Otherwise the
     * block the registry last named, if still free, else the first free block of the first pool with
     * room, is created with compare-and-swap; a lost race re-reads and retries.
     *
     * @throws IpamException invalid node name, no pools, every pool full, or too many lost races
     */
    public NodeRecord claim(String nodeName, Inet4Address nodeIp, long asn) throws DatastoreException, IpamException {
        IpamKeys.checkName(nodeName);
        Objects.requireNonNull(nodeIp, "nodeIp");
        if (pools.isEmpty()) {
            throw new IpamException("no pools configured: node " + nodeName + " cannot claim a block");
        }
        Optional<NodeRecord> registered = registered(nodeName);
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            List<HeldBlock> held = heldBlocks();
            Optional<Prefix> own = ownBlock(held, nodeName);
            Prefix block;
            if (own.isPresent()) {
                block = own.get();
            } else {
                block = chooseFree(held, registered.map(NodeRecord::block).orElse(null));
                if (!store.create(IpamKeys.blockKey(block), nodeName)) {
                    log.debug("node {} lost the race for block {} (attempt {}); re-reading", nodeName, block, attempt);
                    continue;
                }
                log.info("node {} claimed block {} in {}", nodeName, block, store.describe());
            }
            NodeRecord record = new NodeRecord(nodeName, nodeIp, asn, block);
            register(record, registered.orElse(null));
            return record;
        }
        throw new IpamException("node " + nodeName + " lost the race for a free block " + MAX_CLAIM_ATTEMPTS
                + " times in a row in " + store.describe() + "; are many nodes starting at once? retry later");
    }

    /**
     * Whether {@code record}'s block is still held under its name and its registry entry is there: one
     * or two key reads, cheap enough for every heartbeat. False after someone released the node (by
     * hand, or {@link #releaseExpired} while the node was only slow): the node should claim again.
     */
    public boolean stillHolds(NodeRecord record) throws DatastoreException {
        Optional<KeyValue> block = store.get(IpamKeys.blockKey(record.block()));
        return block.isPresent()
                && block.get().value().equals(record.name())
                && store.get(IpamKeys.nodeKey(record.name())).isPresent();
    }

    /**
     * Takes {@code record}'s own block back after a release while the node kept running: re-creates
     * the block key (compare-and-swap: only if nobody took it) and the registry entry. False if
     * another node holds the block now; the caller must not claim a second one behind its back.
     */
    public boolean reclaim(NodeRecord record) throws DatastoreException {
        String key = IpamKeys.blockKey(record.block());
        Optional<KeyValue> current = store.get(key);
        if (current.isPresent() ? !current.get().value().equals(record.name()) : !store.create(key, record.name())) {
            return false;
        }
        register(record, registered(record.name()).orElse(null));
        return true;
    }

    /**
     * Frees every block held under {@code nodeName}, then its registry entry and heartbeat, each deleted
     * with the revision just read. A running node that still wants its block must claim again (by
     * watching {@link #BLOCKS_PREFIX}); it may get another block.
     *
     * @return false if the node held nothing
     */
    public boolean release(String nodeName) throws DatastoreException {
        boolean any = false;
        for (HeldBlock b : heldBlocks()) {
            if (!b.node().equals(nodeName)) {
                continue;
            }
            if (store.delete(IpamKeys.blockKey(b.block()), b.revision())) {
                log.info("released block {} of node {} in {}", b.block(), nodeName, store.describe());
                any = true;
            } else {
                log.warn("block {} changed while releasing it for node {}; left as it is now", b.block(), nodeName);
            }
        }
        any |= deleteIfPresent(IpamKeys.nodeKey(nodeName));
        any |= deleteIfPresent(IpamKeys.heartbeatKey(nodeName));
        missingSince.remove(nodeName);
        return any;
    }

    /** The registry, by name; unreadable entries are logged and left out. */
    public List<NodeRecord> nodes() throws DatastoreException {
        List<NodeRecord> out = new ArrayList<>();
        for (KeyValue kv : store.list(IpamKeys.NODES)) {
            parseNode(kv).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(NodeRecord::name));
        return out;
    }

    /** Pools with their usage and every held block with its node, for {@code podroute ipam show}. */
    public IpamView ipamView() throws DatastoreException {
        List<HeldBlock> held = heldBlocks();
        Map<String, NodeRecord> nodes = new HashMap<>();
        nodes().forEach(n -> nodes.put(n.name(), n));
        Map<String, Long> beats = heartbeats();
        List<IpamView.PoolUsage> usage = new ArrayList<>();
        for (AgentSetup.Pool pool : pools) {
            int allocated = (int) held.stream()
                    .filter(b -> BlockSpace.inPool(pool, b.block()))
                    .count();
            int blocks = (int) Math.min(Integer.MAX_VALUE, BlockSpace.blockCount(pool));
            usage.add(new IpamView.PoolUsage(pool.cidr().toString(), pool.blockSize(), blocks, allocated));
        }
        List<IpamView.BlockView> blocks = new ArrayList<>();
        for (HeldBlock b : held) {
            reportIfOutside(b);
            NodeRecord n = nodes.get(b.node());
            String ip = n == null ? null : Addresses.format(n.nodeIp().getAddress());
            Long beat = beats.get(b.node());
            blocks.add(new IpamView.BlockView(
                    b.block().toString(), b.node(), ip, beat == null ? null : Instant.ofEpochMilli(beat)));
        }
        return new IpamView(store.describe(), usage, blocks);
    }

    /** Writes {@code heartbeats/<node>} = the clock's epoch millis. */
    public void heartbeat(String nodeName) throws DatastoreException {
        if (!IpamKeys.validName(nodeName)) {
            throw new IllegalArgumentException("invalid node name '" + nodeName + "'");
        }
        store.put(IpamKeys.heartbeatKey(nodeName), Long.toString(clock.millis()));
    }

    /**
     * Releases the blocks of nodes whose heartbeat is older than {@code grace}, or missing (or
     * unreadable) for longer than {@code grace} since this instance first saw it missing; never {@code
     * self}. An expired heartbeat is deleted with the revision read, so a node that beats in the
     * meantime is kept. Heartbeats are compared with this host's clock: keep grace well above clock skew.
     *
     * @return the released node names, sorted
     */
    public List<String> releaseExpired(Duration grace, String self) throws DatastoreException {
        Instant now = clock.instant();
        Set<String> names = new TreeSet<>();
        heldBlocks().forEach(b -> names.add(b.node()));
        store.list(IpamKeys.NODES).forEach(kv -> names.add(kv.key().substring(IpamKeys.NODES.length())));
        Map<String, KeyValue> beats = new HashMap<>();
        store.list(IpamKeys.HEARTBEATS).forEach(kv -> beats.put(kv.key().substring(IpamKeys.HEARTBEATS.length()), kv));
        missingSince.keySet().retainAll(names);
        List<String> released = new ArrayList<>();
        for (String name : names) {
            if (!name.equals(self) && expired(name, beats.get(name), now, grace)) {
                release(name);
                released.add(name);
            }
        }
        return released;
    }

    /** True (and the heartbeat deleted) if {@code name}'s heartbeat is expired and unchanged since read. */
    private boolean expired(String name, KeyValue beat, Instant now, Duration grace) throws DatastoreException {
        Long millis = beat == null ? null : parseMillis(beat);
        Instant since;
        if (millis != null) {
            missingSince.remove(name);
            since = Instant.ofEpochMilli(millis);
        } else {
            since = missingSince.computeIfAbsent(name, n -> now);
        }
        if (Duration.between(since, now).compareTo(grace) <= 0) {
            return false;
        }
        if (beat != null && !store.delete(beat.key(), beat.revision())) {
            log.info("node {} sent a heartbeat while being expired; kept", name);
            return false;
        }
        log.warn(
                "releasing node {}: {} {} ({} ago), longer than {}; its block goes back to the pool",
                name,
                millis != null ? "last heartbeat at" : "no heartbeat seen since",
                since,
                Duration.between(since, now),
                grace);
        return true;
    }

    private Optional<NodeRecord> registered(String name) throws DatastoreException {
        Optional<KeyValue> kv = store.get(IpamKeys.nodeKey(name));
        return kv.isPresent() ? parseNode(kv.get()) : Optional.empty();
    }

    /** This node's block among {@code held}: the first in a pool, else the first; extra ones are logged. */
    private Optional<Prefix> ownBlock(List<HeldBlock> held, String name) {
        List<Prefix> own = new ArrayList<>();
        held.stream().filter(b -> b.node().equals(name)).forEach(b -> own.add(b.block()));
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Prefix chosen = own.stream().filter(this::inAnyPool).findFirst().orElse(own.get(0));
        if (!inAnyPool(chosen)) {
            log.warn(
                    "node {} keeps block {}, which is outside every configured pool (other nodes may refuse its"
                            + " routes); `podroute ipam release {}` and a restart give it a block in the pools",
                    name,
                    chosen,
                    name);
        }
        if (own.size() > 1) {
            log.warn(
                    "node {} holds {} blocks {}; using {}; `podroute ipam release {}` frees them all",
                    name,
                    own.size(),
                    own,
                    chosen,
                    name);
        }
        return Optional.of(chosen);
    }

    /** The registry's earlier block if it is in a pool and free, else the first free block of the pools. */
    private Prefix chooseFree(List<HeldBlock> held, Prefix previous) throws IpamException {
        List<Prefix> blocks = held.stream().map(HeldBlock::block).toList();
        if (previous != null
                && inAnyPool(previous)
                && blocks.stream().noneMatch(b -> BlockSpace.overlaps(b, previous))) {
            return previous;
        }
        List<BlockSpace.Range> taken = BlockSpace.merged(blocks);
        for (AgentSetup.Pool pool : pools) {
            Optional<Prefix> free = BlockSpace.firstFree(pool, taken);
            if (free.isPresent()) {
                return free.get();
            }
        }
        throw new IpamException(IpamMessages.exhausted(pools, held));
    }

    /** Writes the registry entry unless it already says exactly this. */
    private void register(NodeRecord record, NodeRecord before) throws DatastoreException {
        if (record.equals(before)) {
            return;
        }
        if (before != null && !before.block().equals(record.block())) {
            log.warn(
                    "registry said node {} holds {} but {} says {}; the block claim wins, registry updated",
                    record.name(),
                    before.block(),
                    IpamKeys.BLOCKS,
                    record.block());
        } else if (before != null) {
            log.info(
                    "node {} changed address or AS: {} AS{} -> {} AS{}; it keeps block {}",
                    record.name(),
                    before.nodeIp().getHostAddress(),
                    before.asn(),
                    record.nodeIp().getHostAddress(),
                    record.asn(),
                    record.block());
        }
        store.put(IpamKeys.nodeKey(record.name()), NodeRecordJson.write(record));
    }

    /** Every valid {@code blocks/} key, in address order; other keys there are logged and skipped. */
    private List<HeldBlock> heldBlocks() throws DatastoreException {
        List<HeldBlock> out = new ArrayList<>();
        for (KeyValue kv : store.list(IpamKeys.BLOCKS)) {
            Optional<Prefix> block = IpamKeys.parseBlockKey(kv.key());
            if (block.isEmpty()) {
                log.warn(
                        "ignoring {} = {} in {}: not a block key (blocks/a.b.c.d-len)",
                        kv.key(),
                        kv.value(),
                        store.describe());
                continue;
            }
            out.add(new HeldBlock(block.get(), kv.value(), kv.revision()));
        }
        out.sort(Comparator.comparing(HeldBlock::block, BlockSpace.ADDRESS_ORDER));
        return out;
    }

    private Map<String, Long> heartbeats() throws DatastoreException {
        Map<String, Long> out = new HashMap<>();
        for (KeyValue kv : store.list(IpamKeys.HEARTBEATS)) {
            Long millis = parseMillis(kv);
            if (millis != null) {
                out.put(kv.key().substring(IpamKeys.HEARTBEATS.length()), millis);
            }
        }
        return out;
    }

    private boolean deleteIfPresent(String key) throws DatastoreException {
        Optional<KeyValue> kv = store.get(key);
        return kv.isPresent() && store.delete(key, kv.get().revision());
    }

    private boolean inAnyPool(Prefix block) {
        return pools.stream().anyMatch(p -> BlockSpace.inPool(p, block));
    }

    private void reportIfOutside(HeldBlock b) {
        if (!inAnyPool(b.block()) && reportedOutside.add(b.block())) {
            log.info(
                    "block {} of node {} is outside every configured pool; still held, not counted in usage",
                    b.block(),
                    b.node());
        }
    }

    private Optional<NodeRecord> parseNode(KeyValue kv) {
        try {
            return Optional.of(NodeRecordJson.read(kv.key(), kv.value()));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring registry entry in {}: {}", store.describe(), e.getMessage());
            return Optional.empty();
        }
    }

    private Long parseMillis(KeyValue kv) {
        try {
            return Long.parseLong(kv.value().trim());
        } catch (NumberFormatException e) {
            log.warn("ignoring heartbeat {} = '{}' in {}: not epoch millis", kv.key(), kv.value(), store.describe());
            return null;
        }
    }

    /** One {@code blocks/} entry. */
    record HeldBlock(Prefix block, String node, long revision) {}
}
