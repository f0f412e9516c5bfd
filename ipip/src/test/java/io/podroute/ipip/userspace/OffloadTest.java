package io.podroute.ipip.userspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.routes.Addresses;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** TSO segmentation and checksum completion of the TUN offload path. */
class OffloadTest {
    private static final int IP = 20;
    private static final int TCP = 32; // 20 + 12 bytes of options (NOP NOP timestamps)

    /** A TCPv4 super-packet: headers, then {@code payload} bytes 0, 1, 2, ... */
    private static ByteBuffer superPacket(int payload, int tcpFlags) {
        ByteBuffer b = ByteBuffer.allocate(IP + TCP + payload);
        b.put(0, (byte) 0x45).putShort(2, (short) (IP + TCP + payload)).putShort(4, (short) 0x1000);
        b.putShort(6, (short) 0x4000).put(8, (byte) 64).put(9, (byte) 6);
        b.putInt(12, Routing.toInt(Addresses.parse("10.244.1.2")));
        b.putInt(16, Routing.toInt(Addresses.parse("10.244.2.2")));
        b.putShort(IP, (short) 40000).putShort(IP + 2, (short) 5201);
        b.putInt(IP + 4, 0xfffffff0); // sequence number near wrap-around
        b.putInt(IP + 8, 12345);
        b.put(IP + 12, (byte) ((TCP / 4) << 4)).put(IP + 13, (byte) tcpFlags);
        b.putShort(IP + 14, (short) 502);
        b.put(IP + 20, (byte) 1).put(IP + 21, (byte) 1).put(IP + 22, (byte) 8).put(IP + 23, (byte) 10);
        b.putInt(IP + 24, 777).putInt(IP + 28, 666);
        for (int i = 0; i < payload; i++) {
            b.put(IP + TCP + i, (byte) i);
        }
        return b;
    }

    @Test
    void aSuperSegmentSplitsIntoValidMssSizedPackets() {
        int payload = 3000;
        int mss = 1428;
        ByteBuffer src = superPacket(payload, 0x18 | 0x80); // PSH|ACK|CWR
        assertEquals(3, Offload.segments(src, 0, src.capacity(), mss));
        ByteBuffer dst = ByteBuffer.allocate(4096);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int k = 0; k < 3; k++) {
            int len = Offload.segment(src, 0, src.capacity(), mss, k, dst, 100);
            int chunk = k < 2 ? mss : payload - 2 * mss;
            assertEquals(IP + TCP + chunk, len);
            assertEquals(len, Ipv4.totalLength(dst, 100));
            assertEquals(0x1000 + k, Ipv4.identification(dst, 100));
            assertEquals(0, Ipv4.checksum(dst, 100, IP), "IP header checksum verifies");
            assertEquals(0xfffffff0 + k * mss, dst.getInt(100 + IP + 4), "sequence advances by MSS");
            int flags = dst.get(100 + IP + 13) & 0xff;
            assertEquals(k == 2 ? 0x18 : 0x10, flags & 0x18, "PSH only on the last");
            assertEquals(k == 0 ? 0x80 : 0, flags & 0x80, "CWR only on the first");
            long sum = Offload.onesSum(dst, 100 + IP, len - IP, Offload.pseudoHeader(dst, 100, len - IP));
            assertEquals(0xffff, Offload.fold(sum), "TCP checksum verifies");
            joined.write(dst.array(), 100 + IP + TCP, chunk);
            assertEquals(777, dst.getInt(100 + IP + 24), "options copied");
        }
        byte[] want = new byte[payload];
        src.get(IP + TCP, want);
        assertArrayEquals(want, joined.toByteArray());
    }

    @Test
    void aPartialChecksumIsCompleted() {
        ByteBuffer b = superPacket(101, 0x10); // odd length
        int len = b.capacity();
        int want = Offload.tcpChecksum(withField(b, 0), 0, len);
        // The kernel leaves the pseudo-header sum (not inverted) in the field.
        b.putShort(IP + 16, (short) Offload.fold(Offload.pseudoHeader(b, 0, len - IP)));
        Offload.completeChecksum(b, 0, len, IP, 16);
        assertEquals(want, b.getShort(IP + 16) & 0xffff);
    }

    private static ByteBuffer withField(ByteBuffer b, int value) {
        ByteBuffer c = ByteBuffer.allocate(b.capacity());
        c.put(0, b, 0, b.capacity());
        c.putShort(IP + 16, (short) value);
        return c;
    }

    @Test
    void virtioHeaderFieldsAreLittleEndian() {
        ByteBuffer h = ByteBuffer.wrap(new byte[] {1, (byte) 0x81, 52, 0, (byte) 0x94, 5, 20, 0, 16, 0});
        assertEquals(Offload.F_NEEDS_CSUM, Offload.flags(h, 0));
        assertEquals(Offload.GSO_TCPV4, Offload.gsoType(h, 0));
        assertEquals(1428, Offload.gsoSize(h, 0));
        assertEquals(20, Offload.csumStart(h, 0));
        assertEquals(16, Offload.csumOffset(h, 0));
    }
}
