package io.podroute.ipip.userspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.routes.Addresses;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GRO-style coalescing: what is merged, what flushes, and the virtio_net_hdr written with it. */
class CoalescerTest {
    private static final int MSS = 1000;
    private final PeerNode peer = new PeerNode(
            (Inet4Address) Addresses.inet("192.168.2.10"), List.of(new int[] {0, 0}), new TrafficCounters());

    private record Written(byte[] bytes, int segments) {}

    private final List<Written> written = new ArrayList<>();
    private final Coalescer c = new Coalescer((b, at, len, segments, p) -> {
        byte[] copy = new byte[len];
        b.get(at, copy);
        written.add(new Written(copy, segments));
        return true;
    });

    /** Segments of one super-packet (OffloadTest's layout: 32-byte TCP header with options). */
    private static List<ByteBuffer> segments(int payload, int flags) {
        ByteBuffer src = superPacket(payload, flags);
        List<ByteBuffer> out = new ArrayList<>();
        for (int k = 0; k < Offload.segments(src, 0, src.capacity(), MSS); k++) {
            ByteBuffer seg = ByteBuffer.allocate(2048);
            int len = Offload.segment(src, 0, src.capacity(), MSS, k, seg, 0);
            out.add(seg.limit(len));
        }
        return out;
    }

    private static ByteBuffer superPacket(int payload, int flags) {
        ByteBuffer b = ByteBuffer.allocate(52 + payload);
        b.put(0, (byte) 0x45).putShort(2, (short) (52 + payload)).putShort(6, (short) 0x4000);
        b.put(8, (byte) 64).put(9, (byte) 6).putInt(12, 0x0af40202).putInt(16, 0x0af40102);
        b.putShort(20, (short) 5201)
                .putShort(22, (short) 40000)
                .putInt(24, 1000)
                .putInt(28, 99);
        b.put(32, (byte) 0x80).put(33, (byte) flags).putShort(34, (short) 500);
        b.putInt(40, 0x0101080a).putInt(44, 7).putInt(48, 8);
        for (int i = 0; i < payload; i++) {
            b.put(52 + i, (byte) (i * 7));
        }
        return b;
    }

    private void offer(ByteBuffer seg) {
        c.offer(seg, 0, seg.limit(), peer);
    }

    @Test
    void inOrderSegmentsBecomeOneGsoPacketThatChecksOut() {
        List<ByteBuffer> segs = segments(2500, 0x18);
        segs.forEach(this::offer);
        c.flush();
        assertEquals(1, written.size());
        Written w = written.get(0);
        assertEquals(3, w.segments());
        ByteBuffer b = ByteBuffer.wrap(w.bytes());
        assertEquals(Offload.F_NEEDS_CSUM, Offload.flags(b, 0));
        assertEquals(Offload.GSO_TCPV4, Offload.gsoType(b, 0));
        assertEquals(MSS, Offload.gsoSize(b, 0));
        assertEquals(20, Offload.csumStart(b, 0));
        assertEquals(16, Offload.csumOffset(b, 0));
        int p = Offload.VNET_HDR;
        assertEquals(52 + 2500, Ipv4.totalLength(b, p));
        assertEquals(0, Ipv4.checksum(b, p, 20));
        assertEquals(0x18, b.get(p + 33) & 0xff, "PSH of the last segment kept");
        byte[] payload = new byte[2500];
        superPacket(2500, 0x18).get(52, payload);
        assertArrayEquals(payload, Arrays.copyOfRange(w.bytes(), p + 52, p + 52 + 2500));
        // Completing the partial checksum gives a valid TCP checksum over the whole packet.
        Offload.completeChecksum(b, p, 52 + 2500, 20, 16);
        long sum = Offload.onesSum(b, p + 20, 2532, Offload.pseudoHeader(b, p, 2532));
        assertEquals(0xffff, Offload.fold(sum));
    }

    @Test
    void aGapOrAnotherFlowOrANonTcpPacketFlushes() {
        List<ByteBuffer> segs = segments(3000, 0x10);
        offer(segs.get(0));
        offer(segs.get(2)); // gap: segment 1 missing
        ByteBuffer icmp = ByteBuffer.allocate(28);
        icmp.put(0, (byte) 0x45).putShort(2, (short) 28).put(9, (byte) 1);
        c.offer(icmp, 0, 28, peer);
        c.flush();
        assertEquals(3, written.size());
        for (Written w : written) {
            assertEquals(1, w.segments());
            assertEquals(0, ByteBuffer.wrap(w.bytes()).getLong(0), "empty virtio_net_hdr");
        }
        byte[] icmpBytes = new byte[28];
        icmp.get(0, icmpBytes);
        assertArrayEquals(icmpBytes, Arrays.copyOfRange(written.get(2).bytes(), 10, 38), "passed through unchanged");
    }

    @Test
    void pshOrAShortSegmentEndsTheGroup() {
        List<ByteBuffer> first = segments(1500, 0x18); // 1000 + 500 (short, PSH)
        List<ByteBuffer> more = segments(1000, 0x10);
        more.get(0).putInt(24, 1000 + 1500); // continues the sequence
        first.forEach(this::offer);
        offer(more.get(0));
        c.flush();
        assertEquals(2, written.size());
        assertEquals(2, written.get(0).segments());
        assertEquals(1, written.get(1).segments());
    }
}
