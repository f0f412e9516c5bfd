package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;

/**
 * The per-packet decisions of the userspace data plane, pure (buffers in, verdict out), so they are
 * unit-tested without a TUN or a socket. Drops are counted here, by reason, in the totals and, where
 * the peer is known, in the peer's counters.
 */
final class PacketPath {
    private PacketPath() {}

    /**
     * Send side. The inner packet (read from the TUN) is at {@code at + 20}, {@code length} bytes;
     * on success writes the outer header at {@code at} and returns the peer (the outer destination);
     * returns null if the packet was dropped.
     */
    static PeerNode encapsulate(ByteBuffer b, int at, int length, int localIp, Routing r, TrafficCounters totals) {
        int inner = at + Ipv4.HEADER;
        if (length < Ipv4.HEADER || Ipv4.version(b, inner) != 4) {
            totals.dropped(length < 1 ? DropReason.MALFORMED : DropReason.NOT_IPV4);
            return null;
        }
        if (Ipv4.headerLength(b, inner) < Ipv4.HEADER || Ipv4.totalLength(b, inner) != length) {
            totals.dropped(DropReason.MALFORMED);
            return null;
        }
        PeerNode peer = r.byDestination(Ipv4.destination(b, inner));
        if (peer == null) {
            totals.dropped(DropReason.NO_ROUTE);
            return null;
        }
        Ipv4.writeOuter(b, at, length, localIp, peer.nodeIp);
        return peer;
    }

    /**
     * Receive side. A whole received IPv4 packet (outer header included, as a raw socket delivers
     * it) is at {@code at}, {@code length} bytes. Accepts it only if the outer source is a known node
     * and the inner source lies inside that node's blocks; returns the peer (the inner packet starts
     * at {@code at + outer header length}, its length is its total-length field), or null if dropped.
     */
    static PeerNode decapsulate(ByteBuffer b, int at, int length, Routing r, TrafficCounters totals) {
        if (length < 2 * Ipv4.HEADER || Ipv4.version(b, at) != 4 || Ipv4.protocol(b, at) != Ipv4.PROTO_IPIP) {
            totals.dropped(DropReason.MALFORMED);
            return null;
        }
        int outerLength = Ipv4.headerLength(b, at);
        int inner = at + outerLength;
        PeerNode peer = r.byNode(Ipv4.source(b, at));
        if (peer == null) {
            totals.dropped(DropReason.UNKNOWN_NODE);
            return null;
        }
        if (outerLength < Ipv4.HEADER
                || outerLength + Ipv4.HEADER > length
                || Ipv4.version(b, inner) != 4
                || Ipv4.headerLength(b, inner) < Ipv4.HEADER
                || Ipv4.totalLength(b, inner) < Ipv4.headerLength(b, inner)
                || Ipv4.totalLength(b, inner) > length - outerLength) {
            drop(totals, peer, DropReason.MALFORMED);
            return null;
        }
        if (!peer.owns(Ipv4.source(b, inner))) {
            drop(totals, peer, DropReason.SPOOFED_INNER_SOURCE);
            return null;
        }
        if (r.byDestination(Ipv4.destination(b, inner)) != null) {
            drop(totals, peer, DropReason.INNER_DESTINATION_REMOTE);
            return null;
        }
        return peer;
    }

    static void drop(TrafficCounters totals, PeerNode peer, DropReason reason) {
        totals.dropped(reason);
        if (peer != null) {
            peer.counters.dropped(reason);
        }
    }
}
