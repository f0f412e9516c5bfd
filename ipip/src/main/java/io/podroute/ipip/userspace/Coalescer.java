package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;

/**
 * GRO-style coalescing on the receive path (with TUN offloads): consecutive in-order TCP segments
 * of one flow within a received batch are merged into one packet of up to 64 KiB, written to the
 * TUN with a virtio_net_hdr (GSO TCPV4, partial checksum), so the node forwards and the pod receives
 * one large segment instead of dozens. The merge rules follow the kernel's tcp_gro_receive: same
 * addresses and ports, no IP options or fragments, sequence contiguous, same ACK number, window,
 * TCP header length and options, only ACK (and PSH on the last) set, every segment but the last of
 * exactly the first's payload size. Anything else flushes the group and passes through as is.
 *
 * <p>Owned by the receive thread; one instance per thread.
 */
final class Coalescer {
    /** Receives the finished packets: {@code length} bytes at {@code at}, starting with the vnet header. */
    interface Sink {
        /** Writes one packet carrying {@code segments} received packets; false if the write failed. */
        boolean write(ByteBuffer b, int at, int length, int segments, PeerNode peer);
    }

    private static final int MAX = 65_535;
    private static final int TCP_ACK = 0x10;
    private static final int TCP_PSH = 0x08;

    private final ByteBuffer out = ByteBuffer.allocateDirect(Offload.VNET_HDR + MAX + 64);
    private final Sink sink;
    private int length; // IPv4 bytes in the group, 0 if none
    private int segments;
    private int headers;
    private int mss;
    private int nextSeq;
    private boolean closed; // a short or PSH segment ended the group
    private PeerNode peer;

    Coalescer(Sink sink) {
        this.sink = sink;
    }

    /** Offers one accepted inner packet ({@code len} bytes at {@code at} in {@code b}). */
    void offer(ByteBuffer b, int at, int len, PeerNode from) {
        int p = Offload.VNET_HDR;
        if (!coalescable(b, at, len)) {
            flush();
            start(b, at, len, from);
            closed = true;
            return;
        }
        int hdr = Offload.headers(b, at);
        int payload = len - hdr;
        if (length > 0
                && !closed
                && from == peer
                && hdr == headers
                && payload <= mss
                && length + payload <= MAX
                && b.getInt(at + 4 + 20) == nextSeq
                && sameFlow(b, at, p)) {
            out.put(p + length, b, at + hdr, payload);
            length += payload;
            segments++;
            nextSeq += payload;
            int flags = b.get(at + 20 + 13) & 0xff;
            out.put(p + 20 + 13, (byte) flags);
            closed = payload < mss || (flags & TCP_PSH) != 0;
            return;
        }
        flush();
        start(b, at, len, from);
        headers = hdr;
        mss = payload;
        nextSeq = b.getInt(at + 20 + 4) + payload;
        closed = (b.get(at + 20 + 13) & TCP_PSH) != 0;
    }

    private void start(ByteBuffer b, int at, int len, PeerNode from) {
        out.put(Offload.VNET_HDR, b, at, len);
        length = len;
        segments = 1;
        peer = from;
    }

    /** Writes the pending group, if any. Call at the end of every received batch. */
    void flush() {
        if (length == 0) {
            return;
        }
        int p = Offload.VNET_HDR;
        out.putLong(0, 0L).putShort(8, (short) 0);
        if (segments > 1) {
            out.putShort(p + 2, (short) length);
            out.putShort(p + 10, (short) 0);
            out.putShort(p + 10, (short) Ipv4.checksum(out, p, 20));
            int tcpLength = length - 20;
            out.putShort(p + 20 + 16, (short) Offload.fold(Offload.pseudoHeader(out, p, tcpLength)));
            out.put(0, (byte) Offload.F_NEEDS_CSUM);
            out.put(1, (byte) Offload.GSO_TCPV4);
            out.putShort(2, Short.reverseBytes((short) headers));
            out.putShort(4, Short.reverseBytes((short) mss));
            out.putShort(6, Short.reverseBytes((short) 20));
            out.putShort(8, Short.reverseBytes((short) 16));
        }
        sink.write(out, 0, p + length, segments, peer);
        length = 0;
        segments = 0;
        peer = null;
    }

    /** TCP over IPv4 without options or fragmentation, only ACK (+PSH) set, with payload. */
    private static boolean coalescable(ByteBuffer b, int at, int len) {
        if (Ipv4.headerLength(b, at) != 20 || Ipv4.protocol(b, at) != 6 || len < 40) {
            return false;
        }
        if ((Ipv4.flagsAndOffset(b, at) & 0x3fff) != 0) {
            return false;
        }
        int flags = b.get(at + 20 + 13) & 0xff;
        if ((flags & ~TCP_PSH) != TCP_ACK) {
            return false;
        }
        int hdr = Offload.headers(b, at);
        return hdr <= len && len - hdr > 0;
    }

    /** Same addresses, ports, ACK, window, TOS, TTL and options as the group's first segment. */
    private boolean sameFlow(ByteBuffer b, int at, int p) {
        if (b.getLong(at + 12) != out.getLong(p + 12) // source and destination
                || b.getInt(at + 20) != out.getInt(p + 20) // ports
                || b.getInt(at + 28) != out.getInt(p + 28) // ack
                || b.getShort(at + 34) != out.getShort(p + 34) // window
                || b.get(at + 1) != out.get(p + 1)
                || b.get(at + 8) != out.get(p + 8)) {
            return false;
        }
        for (int i = 40; i < headers; i += 4) {
            if (b.getInt(at + i) != out.getInt(p + i)) {
                return false;
            }
        }
        return true;
    }
}
