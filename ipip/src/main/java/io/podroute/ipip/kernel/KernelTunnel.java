package io.podroute.ipip.kernel;

import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.TunnelSettings;
import io.podroute.ipip.Underlay;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.AddressOps;
import io.podroute.netlink.ops.LinkOps;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.routes.InterfaceAddress;
import io.podroute.routes.Link;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel ipip data plane: one ipip device with remote "any" ({@code tunl0} by default), made
 * or adopted over netlink, and one route per tunnelled block whose gateway is the peer's node IP.
 * The kernel encapsulates; nothing runs in userspace. The device is left in place on close (a
 * restarted agent adopts it, as with the fallback {@code tunl0} the ipip module makes).
 */
public final class KernelTunnel implements TunnelDataPlane {
    private static final Logger LOG = LoggerFactory.getLogger(KernelTunnel.class);

    private final String name;
    private final int ifIndex;
    private final int mtu;
    private final int protocol;

    private KernelTunnel(String name, int ifIndex, int mtu, int protocol) {
        this.name = name;
        this.ifIndex = ifIndex;
        this.mtu = mtu;
        this.protocol = protocol;
    }

    /**
     * Creates the ipip device ({@code ip link add tunl0 type ipip mode ipip remote any ttl inherit
     * pmtudisc}) or adopts it when it exists (EEXIST, e.g. the module's own {@code tunl0}), sets its
     * MTU to underlay MTU - 20 and brings it up, and puts the tunnel address on it. Throws with
     * EOPNOTSUPP when the kernel has no ipip link type.
     */
    public static KernelTunnel open(NetlinkHandle handle, TunnelSettings s) throws NetlinkException {
        Underlay underlay = Underlay.detect(handle, s.nodeIp());
        LinkOps links = new LinkOps(handle);
        String name = s.kernelDevice();
        try {
            handle.execute(
                    "add link " + name + " type ipip", (v, w, seq) -> IpipLinkCodec.writeAdd(w, name, null, seq));
            LOG.info("created ipip device {} (remote any, ttl inherit, pmtudisc)", name);
        } catch (NetlinkException e) {
            if (!e.isExists()) {
                throw e;
            }
            LOG.info("adopting existing device {}", name);
        }
        Link link = links.get(name);
        if (!IpipLinkOptions.KIND.equals(link.kind())) {
            throw new NetlinkException(
                    Errno.EEXIST, "adopt " + name + ": it exists with kind '" + link.kind() + "', not ipip");
        }
        int mtu = underlay.tunnelMtu();
        if (link.mtu() != mtu) {
            links.setMtu(link, mtu);
        }
        links.setUp(link.index(), true);
        if (s.tunnelAddress() != null) {
            new AddressOps(handle)
                    .replace(
                            new InterfaceAddress(link.index(), s.tunnelAddress().getAddress(), 32, 0));
        }
        LOG.info("ipip device {} ready: mtu {} (underlay {} mtu {})", name, mtu, underlay.ifName(), underlay.mtu());
        return new KernelTunnel(name, link.index(), mtu, s.protocol());
    }

    @Override
    public String kind() {
        return "kernel";
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public int ifIndex() {
        return ifIndex;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public Route routeTo(Prefix block, Inet4Address peerNode) {
        return routeTo(block, peerNode, ifIndex, mtu, protocol);
    }

    /** {@code ip route replace BLOCK via PEER dev #IFINDEX onlink proto P mtu M}. */
    public static Route routeTo(Prefix block, Inet4Address peerNode, int ifIndex, int mtu, int protocol) {
        return Route.builder(block)
                .gateway(peerNode)
                .ifIndex(ifIndex)
                .onlink(true)
                .protocol(protocol)
                .mtu(mtu)
                .build();
    }

    @Override
    public void setBlocks(Map<Prefix, Inet4Address> blocks) {
        // The kernel takes the outer destination from each route's gateway.
    }

    @Override
    public void close() {
        // The device stays: a restarted agent adopts it without disturbing traffic.
    }
}
