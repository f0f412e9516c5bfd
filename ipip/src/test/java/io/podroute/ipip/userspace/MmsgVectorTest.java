package io.podroute.ipip.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The native mmsghdr / iovec / sockaddr_in layout the kernel reads (LP64). */
class MmsgVectorTest {
    @Test
    void eachMessagePointsAtItsOwnSlotIovecAndAddress() {
        MmsgVector v = new MmsgVector(4, 2048, true);
        ByteBuffer s = v.structs();
        long base = v.structsAddress();
        long packets = v.packetAddress(0);
        for (int i = 0; i < 4; i++) {
            int m = i * MmsgVector.MMSGHDR;
            long iov = base + 4 * MmsgVector.MMSGHDR + (long) i * MmsgVector.IOVEC;
            long name = base + 4 * (MmsgVector.MMSGHDR + MmsgVector.IOVEC) + (long) i * MmsgVector.SOCKADDR_IN;
            assertEquals(name, s.getLong(m), "msg_name");
            assertEquals(16, s.getInt(m + 8), "msg_namelen");
            assertEquals(iov, s.getLong(m + 16), "msg_iov");
            assertEquals(1, s.getLong(m + 24), "msg_iovlen");
            assertEquals(packets + i * 2048L, s.getLong((int) (iov - base)), "iov_base");
            assertEquals(2048, s.getLong((int) (iov - base) + 8), "iov_len");
            assertEquals(2, s.getShort((int) (name - base)), "sin_family AF_INET");
        }
        v.setPayload(2, 0, 100);
        v.setDestination(2, 0xc0a8020a);
        int iov2 = 4 * MmsgVector.MMSGHDR + 2 * MmsgVector.IOVEC;
        assertEquals(100, s.getLong(iov2 + 8));
        int name2 = 4 * (MmsgVector.MMSGHDR + MmsgVector.IOVEC) + 2 * MmsgVector.SOCKADDR_IN;
        assertEquals((byte) 192, s.get(name2 + 4));
        assertEquals((byte) 10, s.get(name2 + 7));
    }

    @Test
    void receiveVectorsHaveNoAddresses() {
        MmsgVector v = new MmsgVector(2, 65536, false);
        assertEquals(0, v.structs().getLong(0));
        assertEquals(0, v.structs().getInt(8));
    }
}
