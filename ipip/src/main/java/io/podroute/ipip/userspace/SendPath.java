package io.podroute.ipip.userspace;

import io.podroute.netlink.error.Errno;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The send half of the userspace data plane: TUN → outer header → sendmmsg on the raw socket. Runs
 * on one thread, which owns the vector and the scratch buffers; reads the current {@link Routing}
 * snapshot once per batch.
 */
final class SendPath {
    private static final int POLL_MILLIS = 100;

    private final TunDevice tun;
    private final int sendFd;
    private final int localIp;
    private final TrafficCounters totals;
    private final Supplier<Routing> routing;
    private final BooleanSupplier running;
    // Owned by the send thread, set in run().
    private MmsgVector v;
    private PeerNode[] peers;
    private int[] lengths;
    private ErrorLog errors;

    SendPath(
            TunDevice tun,
            int sendFd,
            int localIp,
            TrafficCounters totals,
            Supplier<Routing> routing,
            BooleanSupplier running) {
        this.tun = tun;
        this.sendFd = sendFd;
        this.localIp = localIp;
        this.totals = totals;
        this.routing = routing;
        this.running = running;
    }

    /** Loops until {@code running} turns false; {@code v} becomes this thread's vector. */
    void run(MmsgVector v) {
        this.v = v;
        this.peers = new PeerNode[v.count];
        this.lengths = new int[v.count];
        this.errors = new ErrorLog("ipip send path on " + tun.name);
        PacketPoll poll = new PacketPoll(tun.fd);
        ByteBuffer jumbo = tun.offloads ? ByteBuffer.allocateDirect(Offload.VNET_HDR + 65_536) : null;
        long jumboAddress = jumbo == null ? 0 : Sys.address(jumbo);
        while (running.getAsBoolean()) {
            if (poll.await(POLL_MILLIS)) {
                Routing r = routing.get();
                int n = jumbo == null ? readPlain(r) : readWithOffloads(r, jumbo, jumboAddress);
                send(n);
            }
        }
    }

    /** Reads bare packets straight into the slots, behind room for the outer header; returns the count. */
    private int readPlain(Routing r) {
        int n = 0;
        while (n < v.count) {
            int at = v.slot(n);
            long got = Sys.LIBC.read(tun.fd, v.packetAddress(at + Ipv4.HEADER), v.slotSize - Ipv4.HEADER);
            if (got <= 0) {
                readFailed(got);
                break;
            }
            n = queue(n, (int) got, r);
        }
        return n;
    }

    /**
     * With IFF_VNET_HDR: each read is a virtio_net_hdr and a packet of up to 64 KiB. TCP
     * super-segments (GSO TCPV4) are split into MSS-sized packets, each into its own slot; other
     * packets get their partial checksum completed. A full vector is sent at once. Returns the
     * number of queued messages.
     */
    private int readWithOffloads(Routing r, ByteBuffer jumbo, long jumboAddress) {
        int pkt = Offload.VNET_HDR;
        int n = 0;
        for (int reads = 0; reads < v.count; reads++) {
            long got = Sys.LIBC.read(tun.fd, jumboAddress, jumbo.capacity());
            if (got <= 0) {
                readFailed(got);
                break;
            }
            int len = (int) got - Offload.VNET_HDR;
            if (len < Ipv4.HEADER || Ipv4.version(jumbo, pkt) != 4) {
                totals.dropped(len < Ipv4.HEADER ? DropReason.MALFORMED : DropReason.NOT_IPV4);
                continue;
            }
            boolean tso = Offload.gsoType(jumbo, 0) == Offload.GSO_TCPV4 && Ipv4.protocol(jumbo, pkt) == 6;
            int mss = Offload.gsoSize(jumbo, 0);
            int room = v.slotSize - Ipv4.HEADER;
            if (tso ? mss <= 0 || Offload.headers(jumbo, pkt) + mss > room : len > room) {
                totals.dropped(DropReason.MALFORMED);
                continue;
            }
            if (!tso && (Offload.flags(jumbo, 0) & Offload.F_NEEDS_CSUM) != 0) {
                Offload.completeChecksum(jumbo, pkt, len, Offload.csumStart(jumbo, 0), Offload.csumOffset(jumbo, 0));
            }
            int segments = tso ? Offload.segments(jumbo, pkt, len, mss) : 1;
            for (int k = 0; k < segments; k++) {
                if (n == v.count) {
                    send(n);
                    n = 0;
                }
                int at = v.slot(n) + Ipv4.HEADER;
                int segLength = tso ? Offload.segment(jumbo, pkt, len, mss, k, v.packets, at) : len;
                if (!tso) {
                    v.packets.put(at, jumbo, pkt, len);
                }
                n = queue(n, segLength, r);
            }
        }
        return n;
    }

    /** Encapsulates the inner packet in slot {@code n}; returns the next free slot. */
    private int queue(int n, int length, Routing r) {
        PeerNode peer = PacketPath.encapsulate(v.packets, v.slot(n), length, localIp, r, totals);
        if (peer == null) {
            return n;
        }
        v.setPayload(n, 0, length + Ipv4.HEADER);
        v.setDestination(n, peer.nodeIp);
        peers[n] = peer;
        lengths[n] = length;
        return n + 1;
    }

    private void readFailed(long got) {
        if (got < 0 && Sys.errno().number() != Errno.EAGAIN.number()) {
            errors.log("read(TUN)", Sys.errno());
        }
    }

    /** sendmmsg of messages [0, n); a refused message is counted and skipped, the rest still go. */
    private void send(int n) {
        int done = 0;
        while (done < n) {
            int sent = Sys.LIBC.sendmmsg(sendFd, v.message(done), n - done, 0);
            if (sent < 0) {
                if (Sys.errno().number() == Errno.EINTR.number()) {
                    continue;
                }
                errors.log("sendmmsg to " + Ipv4.format(peers[done].nodeIp), Sys.errno());
                PacketPath.drop(totals, peers[done], DropReason.SEND_ERROR);
                done++;
                continue;
            }
            for (int i = done; i < done + sent; i++) {
                totals.sent(lengths[i]);
                peers[i].counters.sent(lengths[i]);
            }
            done += sent;
        }
        Arrays.fill(peers, 0, n, null);
    }
}
