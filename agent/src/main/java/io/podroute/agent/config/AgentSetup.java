package io.podroute.agent.config;

import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.ipip.DataPlaneChoice;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated configuration of {@code podroute agent} (docs/config.md, "agent"): typed values with
 * every default applied. Built by {@link AgentConfigLoader#load}, which reports every problem of the
 * file at once as {@code path: reason}. Values that can only be known at run time (the node IP when
 * auto-detected, the router id that defaults to it) are null here and resolved by the agent.
 *
 * @param node who this node is
 * @param bgp the speaker, its static peers and the node mesh
 * @param pools the pod address pools, in file order (a node claims its block from the first with room)
 * @param autoRelease release the block of a node whose heartbeat is older than this; null: never
 * @param datastore where blocks and the node registry live
 * @param ipipMode when to encapsulate towards other nodes
 * @param dataPlane which IP-in-IP data plane to use
 * @param cni the CNI conflist to write
 * @param routes how routes are written to the kernel
 * @param api the local API (status, routes, ipam) for the CLI: loopback only
 * @param metrics where {@code /metrics} is served (null: not served)
 * @param warnings things that work but deserve a look
 */
public record AgentSetup(
        Node node,
        Bgp bgp,
        List<Pool> pools,
        Duration autoRelease,
        Store datastore,
        IpipMode ipipMode,
        DataPlaneChoice dataPlane,
        Cni cni,
        Routes routes,
        InetSocketAddress api,
        InetSocketAddress metrics,
        List<String> warnings) {
    public AgentSetup {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(bgp, "bgp");
        pools = List.copyOf(pools);
        Objects.requireNonNull(datastore, "datastore");
        Objects.requireNonNull(ipipMode, "ipipMode");
        Objects.requireNonNull(dataPlane, "dataPlane");
        Objects.requireNonNull(cni, "cni");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(api, "api");
        warnings = List.copyOf(warnings);
    }

    /**
     * Who this node is ({@code node}).
     *
     * @param name the node's name in the registry (default: the host name)
     * @param ip the node's underlay IPv4 address; null: the address of the default route's interface
     * @param ipInterface detect the node IP on this interface instead of the default route's; or null
     */
    public record Node(String name, Inet4Address ip, String ipInterface) {}

    /**
     * The speaker ({@code bgp}).
     *
     * @param asn this node's AS
     * @param routerId the BGP identifier; null: the node IP
     * @param listen where to accept BGP connections (default 0.0.0.0:179)
     * @param mesh the iBGP full mesh to every other registered node
     * @param peers static peers (ToR routers); a null import/export policy here means "the pod network
     *     default" (accept blocks inside the pools / announce our own block), applied by the agent
     */
    public record Bgp(
            long asn,
            Inet4Address routerId,
            List<InetSocketAddress> listen,
            Mesh mesh,
            List<SpeakerPeer> peers,
            Backend backend,
            ExaBgp exabgp) {
        public Bgp {
            listen = List.copyOf(listen);
            Objects.requireNonNull(mesh, "mesh");
            peers = List.copyOf(peers);
            Objects.requireNonNull(backend, "backend");
        }

        /** The native speaker. */
        public Bgp(
                long asn, Inet4Address routerId, List<InetSocketAddress> listen, Mesh mesh, List<SpeakerPeer> peers) {
            this(asn, routerId, listen, mesh, peers, Backend.NATIVE, null);
        }
    }

    /** Which BGP implementation runs the sessions ({@code bgp.speaker}). */
    public enum Backend {
        /** podroute's own speaker (Netty). */
        NATIVE,
        /** ExaBGP as a child process, driven through its API. */
        EXABGP
    }

    /**
     * {@code bgp.exabgp}.
     *
     * @param binary the exabgp executable (/usr/sbin/exabgp)
     * @param workDir where the generated configuration and pipes live (/run/podroute/exabgp)
     */
    public record ExaBgp(Path binary, Path workDir) {}

    /**
     * Session settings for mesh peers (other nodes from the registry).
     *
     * @param enabled whether to peer with every other registered node
     * @param port the other nodes' BGP port (179)
     * @param holdTime hold time in seconds (90)
     * @param gracefulRestart RFC 4724 on mesh sessions (true)
     * @param restartTime the restart time we advertise, seconds (120)
     * @param password the TCP MD5 key read from {@code mesh.passwordFile}, or null
     */
    public record Mesh(
            boolean enabled, int port, int holdTime, boolean gracefulRestart, int restartTime, String password) {
        @Override
        public String toString() {
            return "Mesh[enabled=" + enabled + ", port=" + port + ", holdTime=" + holdTime + ", gracefulRestart="
                    + gracefulRestart + ", restartTime=" + restartTime + ", password="
                    + (password == null ? "none" : "set")
                    + "]";
        }
    }

    /**
     * One pod address pool ({@code ipam.pools[]}).
     *
     * @param cidr the pool (IPv4)
     * @param blockSize prefix length of each node's block (26)
     * @param natOutgoing masquerade pod traffic to destinations outside every pool (true)
     */
    public record Pool(Prefix cidr, int blockSize, boolean natOutgoing) {}

    /** The datastore: a JSON file (default) or etcd. */
    public record Store(Kind kind, Path file, List<URI> etcdEndpoints, String etcdPrefix, Duration timeout) {
        public enum Kind {
            FILE,
            ETCD
        }

        public Store {
            Objects.requireNonNull(kind, "kind");
            etcdEndpoints = etcdEndpoints == null ? List.of() : List.copyOf(etcdEndpoints);
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The CNI conflist ({@code cni}).
     *
     * @param enabled whether to write the conflist
     * @param confDir where (/etc/cni/net.d)
     * @param fileName the conflist's name (10-podroute.conflist)
     * @param networkName the network name in the conflist (podroute)
     * @param plugin bridge or ptp
     * @param bridge the bridge device for the bridge plugin (podroute0)
     * @param mtu the pods' MTU; 0: the underlay MTU, minus 20 when IP-in-IP may be used
     * @param ipamDataDir host-local's dataDir; null: host-local's default (/var/lib/cni/networks)
     */
    public record Cni(
            boolean enabled,
            Path confDir,
            String fileName,
            String networkName,
            Plugin plugin,
            String bridge,
            int mtu,
            Path ipamDataDir) {
        public enum Plugin {
            BRIDGE,
            PTP
        }
    }

    /**
     * Kernel routes ({@code routes}).
     *
     * @param protocol rtm_protocol of every route podroute writes (77)
     * @param blackholeMetric metric of the blackhole route for our own block (a high metric, so that
     *     a connected route of the CNI bridge for the same block wins while it exists)
     * @param resyncInterval full kernel resync period (60 s)
     */
    public record Routes(int protocol, int blackholeMetric, Duration resyncInterval) {}
}
