package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;

/**
 * TUN offloads (IFF_VNET_HDR with TUN_F_CSUM | TUN_F_TSO4): with them the kernel hands the TUN's
 * reader a TCP super-segment of up to 64 KiB with a partial checksum instead of MTU-sized packets
 * it segmented itself, and this class does that segmentation in userspace. Pure, no I/O.
 *
 * <pre>
 *  struct virtio_net_hdr {            (host order: little-endian on the supported platforms)
 *    u8 flags;        VIRTIO_NET_HDR_F_NEEDS_CSUM 1
 *    u8 gso_type;     NONE 0, TCPV4 1, | ECN 0x80
 *    u16 hdr_len; u16 gso_size; u16 csum_start; u16 csum_offset; }   10 bytes
 * </pre>
 */
final class Offload {
    static final int VNET_HDR = 10;
    static final int F_NEEDS_CSUM = 1;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_ECN = 0x80;
    private static final int TCP = 6;
    private static final int FIN = 0x01;
    private static final int PSH = 0x08;
    private static final int CWR = 0x80;

    private Offload() {}

    static int flags(ByteBuffer b, int at) {
        return b.get(at) & 0xff;
    }

    static int gsoType(ByteBuffer b, int at) {
        return b.get(at + 1) & 0xff & ~GSO_ECN;
    }

    static int gsoSize(ByteBuffer b, int at) {
        return Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 4)));
    }

    static int csumStart(ByteBuffer b, int at) {
        return Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 6)));
    }

    static int csumOffset(ByteBuffer b, int at) {
        return Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 8)));
    }

    /**
     * Completes a partial checksum (NEEDS_CSUM): the field at {@code start + offset} holds the
     * pseudo-header sum; the checksum covers {@code start} to the end of the packet.
     */
    static void completeChecksum(ByteBuffer b, int pkt, int len, int start, int offset) {
        int field = pkt + start + offset;
        if (start + offset + 2 > len) {
            return;
        }
        long sum = onesSum(b, pkt + start, len - start, 0);
        b.putShort(field, (short) ~fold(sum));
    }

    /** Segments of a TCPv4 super-packet of {@code len} bytes with payload size {@code mss}. */
    static int segments(ByteBuffer b, int pkt, int len, int mss) {
        int headers = headers(b, pkt);
        int payload = len - headers;
        return payload <= 0 || mss <= 0 ? 1 : (payload + mss - 1) / mss;
    }

    /** IPv4 + TCP header bytes of the packet at {@code pkt}. */
    static int headers(ByteBuffer b, int pkt) {
        int ip = Ipv4.headerLength(b, pkt);
        return ip + ((b.get(pkt + ip + 12) & 0xf0) >>> 2);
    }

    /**
     * Writes segment {@code k} of the TCPv4 super-packet at {@code pkt} into {@code dst} at
     * {@code at}: headers copied, IP total length, ID (+k) and checksum, TCP sequence (+k·mss), FIN
     * and PSH only on the last segment, CWR only on the first, full TCP checksum. Returns its length.
     */
    static int segment(ByteBuffer src, int pkt, int len, int mss, int k, ByteBuffer dst, int at) {
        int headers = headers(src, pkt);
        int ipLen = Ipv4.headerLength(src, pkt);
        int payload = len - headers;
        int from = k * mss;
        int chunk = Math.min(mss, payload - from);
        int n = segments(src, pkt, len, mss);
        dst.put(at, src, pkt, headers);
        dst.put(at + headers, src, pkt + headers + from, chunk);
        int total = headers + chunk;
        dst.putShort(at + 2, (short) total);
        dst.putShort(at + 4, (short) (Ipv4.identification(src, pkt) + k));
        dst.putShort(at + 10, (short) 0);
        dst.putShort(at + 10, (short) Ipv4.checksum(dst, at, ipLen));
        int tcp = at + ipLen;
        dst.putInt(tcp + 4, src.getInt(pkt + ipLen + 4) + from);
        int flags = dst.get(tcp + 13) & 0xff;
        if (k != n - 1) {
            flags &= ~(FIN | PSH);
        }
        if (k != 0) {
            flags &= ~CWR;
        }
        dst.put(tcp + 13, (byte) flags);
        dst.putShort(tcp + 16, (short) 0);
        dst.putShort(tcp + 16, (short) tcpChecksum(dst, at, total));
        return total;
    }

    /** The full TCP checksum of the IPv4 packet at {@code ip} (checksum field taken as is). */
    static int tcpChecksum(ByteBuffer b, int ip, int total) {
        int ipLen = Ipv4.headerLength(b, ip);
        int tcpLen = total - ipLen;
        long sum = pseudoHeader(b, ip, tcpLen);
        sum = onesSum(b, ip + ipLen, tcpLen, sum);
        return ~fold(sum) & 0xffff;
    }

    /** The TCP pseudo-header sum (RFC 793 §3.1) for a segment of {@code tcpLen} bytes. */
    static long pseudoHeader(ByteBuffer b, int ip, int tcpLen) {
        return (Ipv4.source(b, ip) & 0xffffffffL) + (Ipv4.destination(b, ip) & 0xffffffffL) + TCP + tcpLen;
    }

    /** Adds {@code len} bytes as big-endian 16-bit words (odd tail padded) to {@code sum}, unfolded. */
    static long onesSum(ByteBuffer b, int at, int len, long sum) {
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            sum += b.getInt(at + i) & 0xffffffffL;
        }
        if (i + 2 <= len) {
            sum += (long) (b.getShort(at + i) & 0xffff) << 16;
            i += 2;
        }
        if (i < len) {
            sum += (long) (b.get(at + i) & 0xff) << (i % 4 == 0 ? 24 : 8);
        }
        return sum;
    }

    /** Folds a 64-bit sum of 32-bit big-endian words into the 16-bit ones-complement sum. */
    static int fold(long sum) {
        long s = (sum & 0xffffffffL) + (sum >>> 32);
        s = (s & 0xffffffffL) + (s >>> 32);
        int t = (int) ((s & 0xffff) + (s >>> 16));
        t = (t & 0xffff) + (t >>> 16);
        return (t & 0xffff) + (t >>> 16);
    }
}
