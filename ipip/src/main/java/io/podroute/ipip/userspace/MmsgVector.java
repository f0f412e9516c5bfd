package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;

/**
 * A reusable vector of {@code struct mmsghdr} for sendmmsg(2) / recvmmsg(2), each with one iovec
 * pointing at its own fixed slot of a packet buffer and (for sending) its own sockaddr_in. All
 * memory is allocated once; per batch only lengths and destinations are rewritten.
 *
 * <pre>
 *  struct msghdr  { void *name; u32 namelen; (pad) struct iovec *iov; size_t iovlen;
 *                   void *control; size_t controllen; int flags; (pad) }      56 bytes (LP64)
 *  struct mmsghdr { struct msghdr hdr; unsigned int len; (pad) }               64 bytes
 *  struct iovec   { void *base; size_t len; }                                  16 bytes
 *  struct sockaddr_in { u16 family; be16 port; be32 addr; u8 zero[8]; }       16 bytes
 * </pre>
 */
final class MmsgVector {
    static final int MMSGHDR = 64;
    static final int IOVEC = 16;
    static final int SOCKADDR_IN = 16;
    private static final int MSG_LEN = 56;

    final int count;
    final int slotSize;
    /** Packet bytes, big-endian (network order) for header access; slot i at {@code i * slotSize}. */
    final ByteBuffer packets;

    private final long packetsAddress;
    private final ByteBuffer structs;
    private final long structsAddress;
    private final int iovBase;
    private final int nameBase;

    MmsgVector(int count, int slotSize, boolean withNames) {
        this.count = count;
        this.slotSize = slotSize;
        this.packets = ByteBuffer.allocateDirect(count * slotSize);
        this.packetsAddress = Sys.address(packets);
        this.iovBase = count * MMSGHDR;
        this.nameBase = iovBase + count * IOVEC;
        this.structs = Sys.nativeBuffer(nameBase + count * SOCKADDR_IN);
        this.structsAddress = Sys.address(structs);
        for (int i = 0; i < count; i++) {
            int m = i * MMSGHDR;
            int iov = iovBase + i * IOVEC;
            structs.putLong(iov, packetsAddress + (long) i * slotSize);
            structs.putLong(iov + 8, slotSize);
            structs.putLong(m, withNames ? structsAddress + nameBase + (long) i * SOCKADDR_IN : 0);
            structs.putInt(m + 8, withNames ? SOCKADDR_IN : 0);
            structs.putLong(m + 16, structsAddress + iov);
            structs.putLong(m + 24, 1);
            structs.putLong(m + 32, 0);
            structs.putLong(m + 40, 0);
            structs.putInt(m + 48, 0);
            if (withNames) {
                structs.putShort(nameBase + i * SOCKADDR_IN, (short) Sys.AF_INET);
            }
        }
    }

    /** Offset of slot {@code i} in {@link #packets}. */
    int slot(int i) {
        return i * slotSize;
    }

    /** Native address of byte {@code offset} of {@link #packets}. */
    long packetAddress(int offset) {
        return packetsAddress + offset;
    }

    /** Native address of message {@code i} (for sendmmsg/recvmmsg starting there). */
    long message(int i) {
        return structsAddress + (long) i * MMSGHDR;
    }

    /** Message {@code i} sends {@code length} bytes starting at {@code offset} within its slot. */
    void setPayload(int i, int offset, int length) {
        int iov = iovBase + i * IOVEC;
        structs.putLong(iov, packetsAddress + (long) i * slotSize + offset);
        structs.putLong(iov + 8, length);
    }

    /** Message {@code i} goes to {@code address} (IPv4, host int). */
    void setDestination(int i, int address) {
        int at = nameBase + i * SOCKADDR_IN + 4;
        structs.put(at, (byte) (address >>> 24));
        structs.put(at + 1, (byte) (address >>> 16));
        structs.put(at + 2, (byte) (address >>> 8));
        structs.put(at + 3, (byte) address);
    }

    /** Bytes the kernel stored in message {@code i} (recvmmsg's msg_len). */
    int receivedLength(int i) {
        return structs.getInt(i * MMSGHDR + MSG_LEN);
    }

    /** For tests: the raw struct bytes. */
    ByteBuffer structs() {
        return structs.duplicate().order(structs.order());
    }

    long structsAddress() {
        return structsAddress;
    }
}
