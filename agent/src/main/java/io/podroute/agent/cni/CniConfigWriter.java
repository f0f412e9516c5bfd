package io.podroute.agent.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.agent.config.AgentSetup;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the CNI network configuration list that makes the container runtime (containerd, CRI-O)
 * put this node's pods into this node's block, using the stock plugins of {@code
 * containernetworking-plugins} ({@code /usr/lib/cni}): {@code bridge} or {@code ptp} for the
 * interface, {@code host-local} for the addresses. cniVersion is 1.0.0, the newest that the Debian
 * plugins support ({@code CNI_COMMAND=VERSION} answers 0.1.0 … 1.0.0).
 *
 * <p>What the plugins then do on the node, and why podroute's routes fit (docs/cni.md):
 *
 * <ul>
 *   <li>{@code bridge} with {@code isGateway} puts the block's first address on the bridge, so the
 *       node gets a connected route for the block. The agent's own route for the block is a blackhole
 *       with a high metric ({@link AgentSetup.Routes#blackholeMetric}): the connected route wins while
 *       the bridge exists, the blackhole stops packets for absent pods from leaking to the default
 *       route when it does not. {@code isDefaultGateway} gives each pod its default route via that
 *       address; IPAM must then not name a default route too (the plugin adds the same route twice and
 *       fails with "file exists"), so the bridge variant has no IPAM {@code routes}.
 *   <li>{@code ptp} puts the first address on the host side of every pod's veth as a /32 and routes
 *       each pod's /32 to its veth (Calico's layout); the pod routes everything (IPAM {@code routes}
 *       0.0.0.0/0) via that address. The node has no route for the whole block but the blackhole,
 *       which the more specific /32s override.
 *   <li>Both enable {@code net.ipv4.ip_forward} in the node's namespace. {@code ipMasq} is false:
 *       podroute masquerades itself, and only to destinations outside every pool ({@link
 *       NatOutgoing}); the plugin's own masquerade would also NAT pod-to-pod traffic across nodes.
 *   <li>{@code host-local} keeps its leases in {@code dataDir} (per node: nodes sharing a filesystem
 *       in the lab need their own).
 * </ul>
 *
 * <p>Stateless; {@link #write} is safe to call on every reconcile, it only touches the file when the
 * content changes (a runtime watching the directory would otherwise reload on a spurious change).
 */
public final class CniConfigWriter {
    /** The CNI spec version written; the Debian plugins support 0.1.0 … 1.0.0. */
    public static final String CNI_VERSION = "1.0.0";

    /** The IP-in-IP header: pods' MTU is this much below the underlay's when the tunnel may be used. */
    public static final int IPIP_OVERHEAD = 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CniConfigWriter() {}

    /**
     * The pods' MTU: {@code cni.mtu} when set, else the underlay's, minus {@value #IPIP_OVERHEAD} when
     * IP-in-IP may be used (any mode but Never), so that an encapsulated full-size packet still fits.
     */
    public static int podMtu(AgentSetup.Cni cni, int underlayMtu, IpipMode mode) {
        if (cni.mtu() > 0) {
            return cni.mtu();
        }
        return mode == IpipMode.NEVER ? underlayMtu : underlayMtu - IPIP_OVERHEAD;
    }

    /**
     * The conflist for {@code block} with pods' MTU {@code mtu}, pretty printed with a fixed field
     * order and a final newline (the same inputs always give the same bytes).
     *
     * @throws IllegalArgumentException when the block is not IPv4 /30 or shorter, or the MTU is out
     *     of range (68 … 65535)
     */
    public static String render(AgentSetup.Cni cni, Prefix block, int mtu) {
        if (!block.isIpv4() || block.length() > 30) {
            throw new IllegalArgumentException(
                    "pod block " + block + " must be IPv4 with room for a gateway and" + " pods (/30 or shorter)");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("pod MTU " + mtu + " out of range 68..65535");
        }
        ObjectNode conf = NODES.objectNode();
        conf.put("cniVersion", CNI_VERSION);
        conf.put("name", cni.networkName());
        conf.putArray("plugins").add(plugin(cni, block, mtu));
        try {
            return JSON.writeValueAsString(conf) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a JSON tree cannot fail", e);
        }
    }

    private static ObjectNode plugin(AgentSetup.Cni cni, Prefix block, int mtu) {
        ObjectNode p = NODES.objectNode();
        boolean bridge = cni.plugin() == AgentSetup.Cni.Plugin.BRIDGE;
        if (bridge) {
            p.put("type", "bridge");
            p.put("bridge", cni.bridge());
            p.put("isGateway", true);
            p.put("isDefaultGateway", true);
            p.put("ipMasq", false);
            p.put("hairpinMode", true);
        } else {
            p.put("type", "ptp");
            p.put("ipMasq", false);
        }
        p.put("mtu", mtu);
        p.set("ipam", ipam(cni, block, bridge));
        return p;
    }

    private static ObjectNode ipam(AgentSetup.Cni cni, Prefix block, boolean bridge) {
        ObjectNode ipam = NODES.objectNode();
        ipam.put("type", "host-local");
        ObjectNode range = ipam.putArray("ranges").addArray().addObject();
        range.put("subnet", block.toString());
        if (bridge) {
            range.put("gateway", Addresses.format(gateway(block)));
        } else {
            ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        }
        if (cni.ipamDataDir() != null) {
            ipam.put("dataDir", cni.ipamDataDir().toString());
        }
        return ipam;
    }

    /** The block's first address (network address + 1): the bridge's address, the pods' gateway. */
    static byte[] gateway(Prefix block) {
        byte[] a = block.address();
        for (int i = a.length - 1; i >= 0; i--) {
            a[i]++;
            if (a[i] != 0) {
                break;
            }
        }
        return a;
    }

    /** Where the conflist goes: {@code confDir/fileName}. */
    public static Path path(AgentSetup.Cni cni) {
        return cni.confDir().resolve(cni.fileName());
    }

    /**
     * Writes {@link #render} to {@link #path} atomically (temp file in the same directory, fsync,
     * rename), creating the directory, with mode 0644; leaves the file alone when it already holds
     * exactly this content.
     *
     * @return whether the file was created or changed
     */
    public static boolean write(AgentSetup.Cni cni, Prefix block, int mtu) throws IOException {
        return AtomicFile.writeIfChanged(path(cni), render(cni, block, mtu));
    }
}
