package io.podroute.agent;

import io.podroute.agent.api.AgentApiServer;
import io.podroute.agent.cni.CniConfigWriter;
import io.podroute.agent.cni.NatOutgoing;
import io.podroute.agent.cni.Nft;
import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.ipam.Datastore;
import io.podroute.agent.ipam.DatastoreException;
import io.podroute.agent.ipam.Ipam;
import io.podroute.agent.ipam.IpamException;
import io.podroute.agent.ipam.NodeRecord;
import io.podroute.agent.metrics.PassListeners;
import io.podroute.agent.metrics.ProgrammingLatency;
import io.podroute.agent.sync.RouteSync;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.speaker.Speaker;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.ipip.DataPlanes;
import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.TunnelSettings;
import io.podroute.ipip.Underlay;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.ipip.mode.NetlinkUnderlayRoutes;
import io.podroute.ipip.mode.UnderlayChangeListener;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteMonitor;
import io.podroute.routes.Addresses;
import io.podroute.routes.kernel.NetlinkKernelRoutes;
import io.podroute.routes.reconcile.RouteTable;
import io.podroute.routes.reconcile.RouteTableLoop;
import io.podroute.routes.reconcile.RouteTableMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: claims the node's block, announces it, installs every other node's block, and
 * keeps traffic flowing through its own restarts. All wiring, no protocol logic.
 *
 * <p>Start order (each step's failure is an {@link AgentStartException} saying what to fix): node
 * IP → datastore → block claim → kernel route table (adopting what a previous run left) → tunnel →
 * route sync + kernel monitor → CNI conflist and outgoing NAT → BGP speaker (graceful restart if
 * routes were adopted) → registry watch, heartbeat → metrics ({@code /metrics}) → local API (with
 * {@code /healthz}, {@code /readyz}, {@code /status}).
 *
 * <p>Stop ({@link #close}, on SIGTERM): the opposite order, and deliberately NOT undone: kernel
 * routes, the blackhole, the CNI conflist, the NAT table and a kernel ipip device stay; BGP sessions
 * are closed without a NOTIFICATION so that peers keep our routes for our restart time (RFC 4724).
 * The next start adopts the routes without a flap and removes only what is stale after End-of-RIB.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Duration REGISTRY_POLL = Duration.ofSeconds(30);

    private final List<AutoCloseable> closers = new ArrayList<>();
    private final PrometheusRegistry registry;
    private final Instant startedAt = Instant.now();
    private NodeRecord node;
    private ScheduledExecutorService scheduler;
    private Datastore store;
    private Ipam ipam;
    private RouteTable table;
    private RouteTableLoop tableLoop;
    private TunnelDataPlane tunnel;
    private RouteSync sync;
    private Speaker speaker;
    private MeshSync mesh;
    private RestartGate gate;
    private AgentApiServer api;

    private NodeAgent(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** Starts the agent; on failure everything already started is closed again. */
    public static NodeAgent start(AgentSetup setup, PrometheusRegistry registry) throws AgentStartException {
        NodeAgent a = new NodeAgent(registry);
        try {
            a.run(setup);
            return a;
        } catch (AgentStartException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void run(AgentSetup s) throws AgentStartException {
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "agent-timer");
            t.setDaemon(true);
            return t;
        });
        closers.add(scheduler::shutdownNow);
        NetlinkHandle handle = step("open a netlink socket", () -> NetlinkHandle.open(null));
        closers.add(handle);
        Inet4Address nodeIp = s.node().ip() != null
                ? s.node().ip()
                : step(
                        "detect the node IP",
                        () -> NodeAddress.detect(handle, s.node().ipInterface()));
        store = step("open the datastore", () -> Datastores.open(s.datastore()));
        closers.add(store);
        ipam = new Ipam(store, s.pools(), Clock.systemUTC());
        node = claim(s, nodeIp);
        LOG.info(
                "node {} ({}, AS {}) holds block {} in {}",
                node.name(),
                Addresses.format(nodeIp),
                s.bgp().asn(),
                node.block(),
                store.describe());
        NetlinkKernelRoutes kernel = new NetlinkKernelRoutes(handle);
        int adopted = step(
                "read podroute's kernel routes",
                () -> countRoutes(kernel, s.routes().protocol()));
        table = new RouteTable(kernel, s.routes().protocol());
        ProgrammingLatency latency = new ProgrammingLatency(registry, table::passGeneration, System::nanoTime);
        closers.add(latency);
        tableLoop = new RouteTableLoop(
                table,
                s.routes().resyncInterval(),
                Duration.ofSeconds(1),
                PassListeners.both(new RouteTableMetrics(registry, Clock.systemUTC()).forTable("main"), latency));
        closers.add(tableLoop);
        Underlay underlay = step("find the node IP's interface", () -> Underlay.detect(handle, nodeIp));
        tunnel = openTunnel(s, handle, nodeIp);
        sync = new RouteSync(
                table,
                tableLoop::kick,
                s.ipipMode(),
                new NetlinkUnderlayRoutes(handle),
                tunnel,
                s.routes().blackholeMetric());
        closers.add(sync);
        sync.onBatchWritten(received -> latency.changed(received, table.generation()));
        gate = new RestartGate(table, tableLoop::kick, sync::afterPending);
        sync.setOwnBlocks(List.of(node.block()));
        RouteMonitor monitor = step(
                "subscribe to kernel route events",
                () -> RouteMonitor.start(
                        null,
                        new FanOut(
                                tableLoop, new UnderlayChangeListener(s.routes().protocol(), sync::underlayChanged))));
        closers.add(monitor);
        // The echo of the table's own writes and deletes is known already: skipped unparsed (a bulk
        // install or withdrawal of a million routes echoes a million events).
        monitor.ignoreSender(kernel.senderPortId());
        tableLoop.kick();
        writeCni(s, underlay);
        NodeAddress.enableForwarding();
        applyNat(s);
        startBgp(s, nodeIp, adopted);
        startRegistryTasks(s);
        AgentParts parts = new AgentParts(s, node, startedAt, ipam, store, speaker, sync, mesh, tunnel);
        NetlinkHandle scrapeHandle = step("open a netlink socket for metrics", () -> NetlinkHandle.open(null));
        Observability obs = step(
                s.metrics() == null
                        ? "set up metrics"
                        : "serve metrics on " + s.metrics().getHostString() + ":"
                                + s.metrics().getPort(),
                () -> Observability.start(parts, table, tableLoop, gate, scrapeHandle, registry));
        closers.add(obs);
        api = AgentApiServer.start(new AgentStatus(parts), obs.health(), s.api());
        closers.add(api);
        LOG.info(
                "podroute agent running: API http://{}:{}",
                s.api().getHostString(),
                api.address().getPort());
    }

    /**
     * Counts our routes in the kernel with a streamed dump (no list of a million routes). A dump the
     * kernel marks as interrupted (routes changed meanwhile: EAGAIN) is counted again, up to 5 times.
     */
    private static int countRoutes(NetlinkKernelRoutes kernel, int protocol) throws NetlinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                return kernel.forEachRoute(protocol, r -> {});
            } catch (NetlinkException e) {
                if (!io.podroute.netlink.error.Errno.EAGAIN.equals(e.errno()) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private NodeRecord claim(AgentSetup s, Inet4Address nodeIp) throws AgentStartException {
        try {
            NodeRecord r = ipam.claim(s.node().name(), nodeIp, s.bgp().asn());
            ipam.heartbeat(r.name());
            return r;
        } catch (DatastoreException e) {
            throw new AgentStartException(
                    "claiming a block for node " + s.node().name() + ": " + e.getMessage(), e);
        } catch (IpamException e) {
            throw new AgentStartException(e.getMessage(), e);
        }
    }

    private TunnelDataPlane openTunnel(AgentSetup s, NetlinkHandle handle, Inet4Address nodeIp)
            throws AgentStartException {
        if (s.ipipMode() == IpipMode.NEVER) {
            return null;
        }
        TunnelSettings settings = TunnelSettings.defaults(nodeIp, NodeAddress.firstAddress(node.block()));
        TunnelDataPlane t = step(
                "open the IP-in-IP data plane",
                () -> DataPlanes.open(
                        s.dataPlane(),
                        null,
                        handle,
                        new TunnelSettings(
                                settings.nodeIp(),
                                settings.tunnelAddress(),
                                settings.kernelDevice(),
                                settings.userspaceDevice(),
                                s.routes().protocol(),
                                settings.txQueueLength(),
                                settings.batch(),
                                settings.offloads())));
        closers.add(t);
        LOG.info(
                "IP-in-IP mode {}: {} data plane on {} (mtu {})",
                s.ipipMode().label(),
                t.kind(),
                t.deviceName(),
                t.mtu());
        return t;
    }

    private void writeCni(AgentSetup s, Underlay underlay) throws AgentStartException {
        if (!s.cni().enabled()) {
            return;
        }
        int mtu = CniConfigWriter.podMtu(s.cni(), underlay.mtu(), s.ipipMode());
        try {
            boolean changed = CniConfigWriter.write(s.cni(), node.block(), mtu);
            LOG.info(
                    "CNI conflist {} {} (block {}, mtu {})",
                    CniConfigWriter.path(s.cni()),
                    changed ? "written" : "unchanged",
                    node.block(),
                    mtu);
        } catch (IOException e) {
            throw new AgentStartException("writing the CNI conflist " + CniConfigWriter.path(s.cni()) + ": " + e, e);
        }
    }

    private void applyNat(AgentSetup s) throws AgentStartException {
        NatOutgoing nat = new NatOutgoing(Nft.system());
        try {
            if (s.pools().stream().anyMatch(AgentSetup.Pool::natOutgoing)) {
                nat.apply(s.pools());
            } else {
                nat.remove();
            }
        } catch (Exception e) {
            throw new AgentStartException("setting up outgoing NAT (natOutgoing): " + e.getMessage(), e);
        }
    }

    private void startBgp(AgentSetup s, Inet4Address nodeIp, int adopted) throws AgentStartException {
        PeerDirectory directory = new PeerDirectory(s, node.name(), nodeIp, node.block());
        List<NodeRecord> nodes = step("read the node registry", () -> ipam.nodes());
        Map<InetAddress, SpeakerPeer> meshPeers = MeshSync.initial(directory, nodes);
        List<SpeakerPeer> peers = new ArrayList<>(directory.staticPeers());
        peers.addAll(meshPeers.values());
        Inet4Address routerId = s.bgp().routerId() != null ? s.bgp().routerId() : nodeIp;
        SpeakerConfig config = new SpeakerConfig(
                RibConfig.of(s.bgp().asn(), NodeAddress.toInt(routerId)).withOwnAddresses(Set.of(nodeIp)),
                s.bgp().listen(),
                nodeIp,
                null,
                adopted > 0);
        io.podroute.bgp.codec.nlri.Prefix block = io.podroute.bgp.codec.nlri.Prefix.fromBytes(
                node.block().address(), node.block().length());
        LocalRoute own = new LocalRoute(block, PathAttributes.of(List.of(Origin.IGP, AsPath.EMPTY)));
        // Before any session: which next hops are nodes (else the first routes would be resolved as
        // routers and re-resolved a moment later), and which End-of-RIBs the restart gate waits for
        // (one could arrive before the speaker returns).
        Map<InetAddress, String> byIp = new HashMap<>();
        nodes.forEach(n -> byIp.put(n.nodeIp(), n.name()));
        sync.setNodes(byIp);
        Set<InetAddress> awaited = new HashSet<>();
        peers.forEach(p -> awaited.add(p.session().remoteAddress()));
        int restartTime =
                peers.stream().mapToInt(p -> p.session().restartTime()).max().orElse(120);
        gate.begin(adopted, awaited, Duration.ofSeconds(restartTime), scheduler);
        speaker = Speakers.start(s.bgp(), config, peers, own, sp -> {
            sp.addListener(sync::onChanges);
            sp.addEndOfRibListener(gate::endOfRib);
        });
        closers.add(speaker);
        mesh = new MeshSync(ipam, directory, speaker, sync, gate::peerRemoved);
        mesh.started(meshPeers, nodes);
        LOG.info(
                "BGP: AS {} router id {}, {} static and {} mesh peers{}",
                s.bgp().asn(),
                Addresses.format(routerId),
                directory.staticPeers().size(),
                meshPeers.size(),
                adopted > 0 ? ", restarting gracefully" : "");
    }

    private void startRegistryTasks(AgentSetup s) {
        Closeable watch = store.watch(Ipam.NODES_PREFIX, () -> scheduler.execute(mesh::refresh));
        closers.add(watch);
        scheduler.execute(mesh::refresh); // changes between the first read and the watch are not missed
        ScheduledFuture<?> poll = scheduler.scheduleWithFixedDelay(
                mesh::refresh, REGISTRY_POLL.toMillis(), REGISTRY_POLL.toMillis(), TimeUnit.MILLISECONDS);
        closers.add(() -> poll.cancel(false));
        ScheduledFuture<?> beat = scheduler.scheduleWithFixedDelay(
                () -> heartbeat(s), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        closers.add(() -> beat.cancel(false));
    }

    private void heartbeat(AgentSetup s) {
        try {
            ipam.heartbeat(node.name());
            reclaimIfReleased();
            if (!mesh.reachable()) {
                mesh.refresh(); // the store is back: catch up with the registry now
            }
            if (s.autoRelease() != null) {
                for (String gone : ipam.releaseExpired(s.autoRelease(), node.name())) {
                    LOG.info("released the block of node {}: no heartbeat for {}", gone, s.autoRelease());
                }
            }
        } catch (DatastoreException | RuntimeException e) {
            mesh.markUnreachable();
            LOG.warn("heartbeat to {} failed ({}); still running on what we know", store.describe(), e.getMessage());
        }
    }

    /**
     * Someone released this running node (by hand, or auto-release while it was only slow): take the
     * same block back at once. If another node took it in the meantime, the two disagree, which needs
     * an operator; we keep announcing ours and say so at every heartbeat.
     */
    private void reclaimIfReleased() throws DatastoreException {
        if (ipam.stillHolds(node)) {
            return;
        }
        if (ipam.reclaim(node)) {
            LOG.warn("node {} was released while running; took its block {} back", node.name(), node.block());
        } else {
            LOG.error(
                    "node {} was released while running and its block {} now belongs to another node;"
                            + " both announce it: release one of them and restart it",
                    node.name(),
                    node.block());
        }
    }

    /** The API server's bound address (port 0 in tests picks a free one). */
    public java.net.InetSocketAddress apiAddress() {
        return api.address();
    }

    public NodeRecord claimed() {
        return node;
    }

    /** Stops without undoing: see the class comment. */
    @Override
    public void close() {
        Closers.closeNewestFirst(closers, LOG);
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T step(String what, Step<T> action) throws AgentStartException {
        try {
            return action.run();
        } catch (NetlinkException | DatastoreException e) {
            throw new AgentStartException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AgentStartException(what + ": " + e, e);
        }
    }
}
