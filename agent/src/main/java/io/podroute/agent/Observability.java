package io.podroute.agent;

import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.metrics.BgpMetrics;
import io.podroute.agent.metrics.BuildInfoMetrics;
import io.podroute.agent.metrics.ExaBgpMetrics;
import io.podroute.agent.metrics.IpamMetrics;
import io.podroute.agent.metrics.KernelRouteMetrics;
import io.podroute.bgp.exabgp.ExaBgpSpeaker;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.ipip.userspace.UserspaceTunnel;
import io.podroute.ipip.userspace.UserspaceTunnelMetrics;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.netlink.ops.RouteOps;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.ops.health.Health;
import io.podroute.ops.http.MetricsServer;
import io.podroute.routes.reconcile.RouteTable;
import io.podroute.routes.reconcile.RouteTableLoop;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's metrics and health: registers the collectors that read the running parts at scrape
 * time, builds the health checks, and serves {@code /metrics} on {@code metrics.listen} (the health
 * endpoints are on the local API). Closing unregisters the collectors and stops the server.
 */
final class Observability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

    private final PrometheusRegistry registry;
    private final List<MultiCollector> collectors = new ArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private AgentHealth health;
    private MetricsServer server;

    private Observability(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param metricsHandle a netlink handle for the scrape's route dump only (closed with this)
     */
    static Observability start(
            AgentParts parts,
            RouteTable table,
            RouteTableLoop loop,
            RestartGate gate,
            NetlinkHandle metricsHandle,
            PrometheusRegistry registry) {
        Observability o = new Observability(registry);
        try {
            o.closers.add(metricsHandle);
            o.register(parts, table, metricsHandle);
            o.health = new AgentHealth(new Sources(parts, loop, gate));
            o.closers.add(o.health);
            AgentSetup s = parts.setup();
            if (s.metrics() != null) {
                o.server = MetricsServer.start(s.metrics(), registry);
                o.closers.add(o.server);
                LOG.info(
                        "metrics: http://{}:{}/metrics",
                        s.metrics().getHostString(),
                        o.server.address().getPort());
            }
            return o;
        } catch (Exception e) { // also the BindException that Netty throws undeclared
            o.close();
            throw e;
        }
    }

    Health health() {
        return health.health();
    }

    private void register(AgentParts parts, RouteTable table, NetlinkHandle handle) {
        RouteOps ops = new RouteOps(handle);
        int protocol = table.protocol();
        add(new BgpMetrics(
                parts.speaker()::peers, a -> parts.mesh().isMesh(a) ? "mesh" : "static", () -> parts.speaker()
                        .query(rib -> {
                            int[] v4 = new int[1];
                            rib.forEachBest(r -> v4[0] += r.prefix().ipv6() ? 0 : 1);
                            return new BgpMetrics.LocRib(v4[0], rib.prefixCount() - v4[0]);
                        })));
        add(new KernelRouteMetrics(
                sink -> {
                    ops.forEach(Rtnl.AF_INET, Rtnl.RT_TABLE_MAIN, protocol, sink);
                    ops.forEach(Rtnl.AF_INET6, Rtnl.RT_TABLE_MAIN, protocol, sink);
                },
                () -> parts.tunnel() == null ? 0 : parts.tunnel().ifIndex(),
                table::driftCount));
        add(new IpamMetrics(parts.ipam()::ipamView, parts.mesh()::reachable, Clock.systemUTC()));
        add(BuildInfoMetrics.current(parts.startedAt()));
        if (parts.tunnel() instanceof UserspaceTunnel u) {
            UserspaceTunnelMetrics.register(registry, u);
        }
        if (parts.speaker() instanceof ExaBgpSpeaker exa) {
            add(new ExaBgpMetrics(exa));
        }
    }

    private void add(MultiCollector c) {
        registry.register(c);
        collectors.add(c);
    }

    @Override
    public void close() {
        collectors.forEach(registry::unregister);
        collectors.clear();
        Closers.closeNewestFirst(closers, LOG);
    }

    /** The health checks' view of the running agent. */
    private record Sources(AgentParts parts, RouteTableLoop loop, RestartGate gate) implements AgentHealth.Sources {
        @Override
        public void pingSpeaker() {
            parts.speaker().query(rib -> Boolean.TRUE);
        }

        @Override
        public List<PeerStatus> peers() {
            return parts.speaker().peers();
        }

        @Override
        public Duration sinceLastPass() {
            return loop.sinceLastPass();
        }

        @Override
        public Duration resyncInterval() {
            return loop.resyncInterval();
        }

        @Override
        public long passes() {
            return loop.passes();
        }

        @Override
        public boolean lastPassClean() {
            return loop.lastPassClean();
        }

        @Override
        public boolean datastoreReachable() {
            return parts.mesh().reachable();
        }

        @Override
        public String datastore() {
            return parts.store().describe();
        }

        @Override
        public String block() {
            return parts.node() == null ? null : parts.node().block().toString();
        }

        @Override
        public boolean restartGateOpen() {
            return gate.isOpen();
        }
    }
}
