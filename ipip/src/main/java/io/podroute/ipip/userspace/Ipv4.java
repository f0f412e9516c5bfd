package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;

/**
 * IPv4 header access on big-endian packet buffers (RFC 791 §3.1) and the RFC 2003 §3.1 outer
 * header. Pure, no I/O.
 *
 * <pre>
 *  0       4       8               16      19                      31
 *  |version|  IHL  |      TOS      |          total length         |
 *  |        identification         |flags|    fragment offset      |
 *  |      TTL      |   protocol    |        header checksum        |
 *  |                       source address                          |
 *  |                     destination address                       |
 * </pre>
 */
final class Ipv4 {
    static final int HEADER = 20;
    static final int PROTO_IPIP = 4;
    static final int OUTER_TTL = 64;
    static final int DF = 0x4000;

    private Ipv4() {}

    static int version(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) >>> 4;
    }

    static int headerLength(ByteBuffer b, int at) {
        return (b.get(at) & 0x0f) * 4;
    }

    static int tos(ByteBuffer b, int at) {
        return b.get(at + 1) & 0xff;
    }

    static int totalLength(ByteBuffer b, int at) {
        return b.getShort(at + 2) & 0xffff;
    }

    static int identification(ByteBuffer b, int at) {
        return b.getShort(at + 4) & 0xffff;
    }

    static int flagsAndOffset(ByteBuffer b, int at) {
        return b.getShort(at + 6) & 0xffff;
    }

    static int protocol(ByteBuffer b, int at) {
        return b.get(at + 9) & 0xff;
    }

    static int source(ByteBuffer b, int at) {
        return b.getInt(at + 12);
    }

    static int destination(ByteBuffer b, int at) {
        return b.getInt(at + 16);
    }

    /**
     * Writes the outer header at {@code at} for the inner packet that follows it (RFC 2003 §3.1):
     * protocol 4, TTL 64, TOS and DF copied from the inner header, identification 0 (with DF the
     * ID is meaningless, RFC 6864; without DF the kernel picks one for IP_HDRINCL sockets), and the
     * header checksum.
     */
    static void writeOuter(ByteBuffer b, int at, int innerLength, int source, int destination) {
        int inner = at + HEADER;
        b.put(at, (byte) 0x45);
        b.put(at + 1, (byte) tos(b, inner));
        b.putShort(at + 2, (short) (innerLength + HEADER));
        b.putShort(at + 4, (short) 0);
        b.putShort(at + 6, (short) (flagsAndOffset(b, inner) & DF));
        b.put(at + 8, (byte) OUTER_TTL);
        b.put(at + 9, (byte) PROTO_IPIP);
        b.putShort(at + 10, (short) 0);
        b.putInt(at + 12, source);
        b.putInt(at + 16, destination);
        b.putShort(at + 10, (short) checksum(b, at, HEADER));
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes (even) at {@code at}. */
    static int checksum(ByteBuffer b, int at, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += b.getShort(at + i) & 0xffff;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
