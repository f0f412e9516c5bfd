package io.podroute.ipip.userspace;

import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.TunnelSettings;
import io.podroute.ipip.Underlay;
import io.podroute.ipip.kernel.KernelTunnel;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetNs;
import io.podroute.netlink.ops.AddressOps;
import io.podroute.netlink.ops.LinkOps;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.routes.InterfaceAddress;
import io.podroute.routes.Link;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The userspace IP-in-IP data plane for kernels without {@code ipip}: a TUN device carries the
 * routes to tunnelled blocks; a send thread reads packets from it, prepends the RFC 2003 outer
 * header and sends batches on one IPPROTO_RAW socket (sendmmsg); a receive thread reads batches of
 * protocol-4 packets from the one IPPROTO_IPIP raw socket (recvmmsg), checks the outer source and
 * inner source against the block → node table, and writes the inner packets to the TUN. Wire
 * compatible with the kernel's ipip on other nodes.
 *
 * <p>Threads and invariants: the TUN and both sockets are created on a thread inside the node's
 * namespace ({@link NetNs#run}) and keep it for life. The send thread owns the send vector, the
 * receive thread the receive vector; the only shared state is the immutable {@link Routing} snapshot
 * (a volatile swap in {@link #setBlocks}) and the counters. {@link #close()} stops both threads
 * before closing descriptors, so no syscall ever sees a closed (or reused) descriptor.
 */
public final class UserspaceTunnel implements TunnelDataPlane {
    private static final Logger LOG = LoggerFactory.getLogger(UserspaceTunnel.class);
    private static final int POLL_MILLIS = 100;
    private static final int SEND_BUFFER = 8 << 20;
    private static final int RECEIVE_BUFFER = 32 << 20;
    /** Room for the largest IPv4 packet a socket can hand us. */
    private static final int RECEIVE_SLOT = 65_536;

    private final TunnelSettings settings;
    private final Fds fds;
    private final int ifIndex;
    private final int mtu;
    private final int localIp;
    private final TrafficCounters totals = new TrafficCounters();
    private final Map<Inet4Address, TrafficCounters> perPeer = new ConcurrentHashMap<>();
    private volatile Routing routing = Routing.EMPTY;
    private volatile boolean running = true;
    private final Thread sender;
    private final Thread receiver;

    /** The descriptors made inside the namespace. */
    private record Fds(TunDevice tun, int send, int receive) {
        void close() {
            Sys.LIBC.close(send);
            Sys.LIBC.close(receive);
            tun.close();
        }
    }

    private UserspaceTunnel(TunnelSettings settings, Fds fds, int ifIndex, int mtu, String namespace) {
        this.settings = settings;
        this.fds = fds;
        this.ifIndex = ifIndex;
        this.mtu = mtu;
        this.localIp = Routing.toInt(settings.nodeIp().getAddress());
        String ns = namespace == null ? "" : "-" + namespace;
        int sendSlot = (Ipv4.HEADER + mtu + 63) & ~63;
        SendPath send = new SendPath(fds.tun(), fds.send(), localIp, totals, () -> routing, () -> running);
        this.sender = new Thread(() -> send.run(new MmsgVector(settings.batch(), sendSlot, true)), "ipip-tx" + ns);
        this.receiver =
                new Thread(() -> receiveLoop(new MmsgVector(settings.batch(), RECEIVE_SLOT, false)), "ipip-rx" + ns);
        sender.setDaemon(true);
        receiver.setDaemon(true);
    }

    /**
     * Creates the TUN ({@code settings.userspaceDevice()}, txqueuelen, MTU = underlay MTU - 20, up,
     * tunnel address) and the two raw sockets inside {@code namespace} (null: the current one), and
     * starts the send and receive threads. {@code handle} is a netlink handle in the same namespace.
     */
    public static UserspaceTunnel open(String namespace, NetlinkHandle handle, TunnelSettings s)
            throws NetlinkException {
        Underlay underlay = Underlay.detect(handle, s.nodeIp());
        Fds fds = namespace == null ? createFds(s) : NetNs.run(namespace, () -> createFds(s));
        try {
            LinkOps links = new LinkOps(handle);
            Link link = links.get(s.userspaceDevice());
            int mtu = underlay.tunnelMtu();
            links.setMtu(link, mtu);
            links.setUp(link.index(), true);
            if (s.tunnelAddress() != null) {
                new AddressOps(handle)
                        .replace(new InterfaceAddress(
                                link.index(), s.tunnelAddress().getAddress(), 32, 0));
            }
            UserspaceTunnel t = new UserspaceTunnel(s, fds, link.index(), mtu, namespace);
            t.sender.start();
            t.receiver.start();
            LOG.info(
                    "userspace ipip data plane up: TUN {} mtu {} txqueuelen {} (underlay {} mtu {}), node {}",
                    s.userspaceDevice(),
                    mtu,
                    s.txQueueLength(),
                    underlay.ifName(),
                    underlay.mtu(),
                    s.nodeIp().getHostAddress());
            return t;
        } catch (NetlinkException | RuntimeException e) {
            fds.close();
            throw e;
        }
    }

    private static Fds createFds(TunnelSettings s) throws NetlinkException {
        TunDevice tun = TunDevice.create(s.userspaceDevice(), s.txQueueLength(), s.offloads());
        int send = -1;
        try {
            send = Sys.LIBC.socket(Sys.AF_INET, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, Sys.IPPROTO_RAW);
            if (send < 0) {
                throw Sys.lastError("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)");
            }
            Sys.setBuffer(send, false, SEND_BUFFER);
            int receive = Sys.LIBC.socket(Sys.AF_INET, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, Sys.IPPROTO_IPIP);
            if (receive < 0) {
                throw Sys.lastError("socket(AF_INET, SOCK_RAW, IPPROTO_IPIP)");
            }
            try {
                Sys.setBuffer(receive, true, RECEIVE_BUFFER);
                Sys.setReceiveTimeout(receive, POLL_MILLIS);
            } catch (NetlinkException e) {
                Sys.LIBC.close(receive);
                throw e;
            }
            return new Fds(tun, send, receive);
        } catch (NetlinkException e) {
            if (send >= 0) {
                Sys.LIBC.close(send);
            }
            tun.close();
            throw e;
        }
    }

    @Override
    public String kind() {
        return "userspace";
    }

    @Override
    public String deviceName() {
        return fds.tun().name;
    }

    @Override
    public int ifIndex() {
        return ifIndex;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** Same shape as the kernel plane's route; the TUN needs no neighbour, the gateway documents the node. */
    @Override
    public Route routeTo(Prefix block, Inet4Address peerNode) {
        return KernelTunnel.routeTo(block, peerNode, ifIndex, mtu, settings.protocol());
    }

    @Override
    public void setBlocks(Map<Prefix, Inet4Address> blocks) {
        perPeer.keySet().retainAll(blocks.values());
        routing = Routing.build(blocks, node -> perPeer.computeIfAbsent(node, k -> new TrafficCounters()));
    }

    public TrafficCounters totals() {
        return totals;
    }

    /** Counters of every current peer node. */
    public Map<Inet4Address, TrafficCounters> peerCounters() {
        return Map.copyOf(perPeer);
    }

    // ---- receive path: raw socket → TUN -------------------------------------------------------

    private void receiveLoop(MmsgVector v) {
        ErrorLog errors = new ErrorLog("ipip receive path on " + fds.tun().name);
        Coalescer coalescer = fds.tun().offloads ? new Coalescer(tunSink(errors)) : null;
        while (running) {
            int n = Sys.LIBC.recvmmsg(fds.receive(), v.message(0), v.count, Sys.MSG_WAITFORONE, 0);
            if (n < 0) {
                int errno = Sys.errno().number();
                if (errno != Errno.EAGAIN.number() && errno != Errno.EINTR.number()) {
                    errors.log("recvmmsg", Sys.errno());
                }
                continue;
            }
            Routing r = routing;
            for (int i = 0; i < n; i++) {
                int at = v.slot(i);
                PeerNode peer = PacketPath.decapsulate(v.packets, at, v.receivedLength(i), r, totals);
                if (peer == null) {
                    continue;
                }
                int inner = at + Ipv4.headerLength(v.packets, at);
                int innerLength = Ipv4.totalLength(v.packets, inner);
                totals.received(innerLength);
                peer.counters.received(innerLength);
                if (coalescer != null) {
                    coalescer.offer(v.packets, inner, innerLength, peer);
                } else if (Sys.LIBC.write(fds.tun().fd, v.packetAddress(inner), innerLength) != innerLength) {
                    errors.log("write(TUN)", Sys.errno());
                    PacketPath.drop(totals, peer, DropReason.TUN_WRITE_ERROR);
                }
            }
            if (coalescer != null) {
                coalescer.flush();
            }
        }
    }

    /** Writes coalesced packets (virtio_net_hdr first) from the coalescer's direct buffer to the TUN. */
    private Coalescer.Sink tunSink(ErrorLog errors) {
        return new Coalescer.Sink() {
            private long address;

            @Override
            public boolean write(ByteBuffer b, int at, int length, int segments, PeerNode peer) {
                if (address == 0) {
                    address = Sys.address(b);
                }
                if (Sys.LIBC.write(fds.tun().fd, address + at, length) == length) {
                    return true;
                }
                errors.log("write(TUN)", Sys.errno());
                for (int i = 0; i < segments; i++) {
                    PacketPath.drop(totals, peer, DropReason.TUN_WRITE_ERROR);
                }
                return false;
            }
        };
    }

    /** Stops both threads, then closes the sockets and the TUN (which removes its routes). */
    @Override
    public void close() {
        running = false;
        try {
            sender.join(5_000);
            receiver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive() || receiver.isAlive()) {
            LOG.error("ipip threads on {} did not stop; leaving descriptors open", fds.tun().name);
            return;
        }
        fds.close();
        LOG.info("userspace ipip data plane on {} closed: {}", fds.tun().name, totals);
    }
}
