package io.podroute.ipip.userspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The userspace data plane's per-packet decisions and header building, without a TUN or socket. */
class PacketPathTest {
    private static final Inet4Address NODE2 = (Inet4Address) Addresses.inet("192.168.2.10");
    private static final Inet4Address NODE3 = (Inet4Address) Addresses.inet("192.168.3.10");
    private static final int LOCAL = Routing.toInt(Addresses.parse("192.168.1.10"));

    private final Map<Inet4Address, TrafficCounters> counters = new LinkedHashMap<>();
    private final Routing routing = Routing.build(
            Map.of(
                    Prefix.parse("10.244.2.0/24"), NODE2,
                    Prefix.parse("10.245.0.0/16"), NODE3,
                    Prefix.parse("10.245.0.0/26"), NODE2),
            n -> counters.computeIfAbsent(n, k -> new TrafficCounters()));
    private final TrafficCounters totals = new TrafficCounters();

    @Test
    void checksumOfAKnownHeader() {
        // RFC 1071 example header (Wikipedia "IPv4 header checksum"): checksum b861.
        ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7"));
        assertEquals(0xb861, Ipv4.checksum(b, 0, 20));
        b.putShort(10, (short) 0xb861);
        assertEquals(0, Ipv4.checksum(b, 0, 20));
    }

    @Test
    void longestPrefixMatchPicksTheMostSpecificBlock() {
        assertSame(NODE2, routing.byDestination(ip("10.244.2.7")).address);
        assertSame(NODE3, routing.byDestination(ip("10.245.9.7")).address);
        assertSame(NODE2, routing.byDestination(ip("10.245.0.63")).address);
        assertSame(NODE3, routing.byDestination(ip("10.245.0.64")).address);
        assertNull(routing.byDestination(ip("10.246.0.1")));
        assertNull(routing.byDestination(ip("8.8.8.8")));
        assertSame(NODE3, routing.byNode(ip("192.168.3.10")).address);
        assertNull(routing.byNode(ip("192.168.3.11")));
    }

    @Test
    void encapsulationBuildsTheRfc2003OuterHeader() {
        // Inner: ICMP 10.244.1.5 -> 10.244.2.7, TOS 0xb8 (EF), DF set, 28 bytes.
        ByteBuffer b = ByteBuffer.allocate(128);
        int inner = 20;
        writeInner(b, inner, 0xb8, true, "10.244.1.5", "10.244.2.7", 28);
        PeerNode peer = PacketPath.encapsulate(b, 0, 28, LOCAL, routing, totals);
        assertSame(NODE2, peer.address);
        String outer = HexFormat.of().formatHex(b.array(), 0, 20);
        // 45 b8 | len 48 | id 0 | DF | ttl 64 | proto 4 | checksum | 192.168.1.10 | 192.168.2.10
        assertEquals("45b80030" + "00004000" + "4004" + outer.substring(20, 24) + "c0a8010a" + "c0a8020a", outer);
        assertEquals(0, Ipv4.checksum(b, 0, 20), "header checksum verifies");
        // Without DF in the inner header, none in the outer; TOS 0 copied.
        writeInner(b, inner, 0, false, "10.244.1.5", "10.244.2.7", 28);
        PacketPath.encapsulate(b, 0, 28, LOCAL, routing, totals);
        assertEquals(0, Ipv4.flagsAndOffset(b, 0));
        assertEquals(0, Ipv4.tos(b, 0));
        assertEquals(0, Ipv4.checksum(b, 0, 20));
    }

    @Test
    void encapsulationDropsWhatItCannotRoute() {
        ByteBuffer b = ByteBuffer.allocate(128);
        writeInner(b, 20, 0, true, "10.244.1.5", "8.8.8.8", 28);
        assertNull(PacketPath.encapsulate(b, 0, 28, LOCAL, routing, totals));
        assertEquals(1, totals.drops(DropReason.NO_ROUTE));
        b.put(20, (byte) 0x60); // IPv6
        assertNull(PacketPath.encapsulate(b, 0, 40, LOCAL, routing, totals));
        assertEquals(1, totals.drops(DropReason.NOT_IPV4));
        writeInner(b, 20, 0, true, "10.244.1.5", "10.244.2.7", 28);
        assertNull(PacketPath.encapsulate(b, 0, 27, LOCAL, routing, totals), "length disagrees");
        assertEquals(1, totals.drops(DropReason.MALFORMED));
    }

    @Test
    void decapsulationAcceptsOnlyKnownNodesSendingTheirOwnPods() {
        ByteBuffer b = ByteBuffer.allocate(128);
        // Legitimate: outer node2 -> us, inner 10.244.2.7 (node2's) -> 10.244.1.5 (ours).
        packet(b, "192.168.2.10", "10.244.2.7", "10.244.1.5");
        assertSame(NODE2, PacketPath.decapsulate(b, 0, 48, routing, totals).address);
        // Unknown outer source.
        packet(b, "192.168.9.9", "10.244.2.7", "10.244.1.5");
        assertNull(PacketPath.decapsulate(b, 0, 48, routing, totals));
        assertEquals(1, totals.drops(DropReason.UNKNOWN_NODE));
        // Known node, inner source in another node's block (node3's 10.245.9.0): spoofed.
        packet(b, "192.168.2.10", "10.245.9.1", "10.244.1.5");
        assertNull(PacketPath.decapsulate(b, 0, 48, routing, totals));
        assertEquals(1, totals.drops(DropReason.SPOOFED_INNER_SOURCE));
        assertEquals(1, counters.get(NODE2).drops(DropReason.SPOOFED_INNER_SOURCE));
        // Known node relaying to a third node's pods: not through us.
        packet(b, "192.168.2.10", "10.244.2.7", "10.245.9.1");
        assertNull(PacketPath.decapsulate(b, 0, 48, routing, totals));
        assertEquals(1, totals.drops(DropReason.INNER_DESTINATION_REMOTE));
        // Truncated: inner total length beyond what arrived.
        packet(b, "192.168.2.10", "10.244.2.7", "10.244.1.5");
        assertNull(PacketPath.decapsulate(b, 0, 47, routing, totals));
        assertEquals(1, totals.drops(DropReason.MALFORMED));
    }

    @Test
    void aRoundTripIsTheIdentityOnTheInnerPacket() {
        // Node 192.168.2.10 encapsulates 10.244.2.7 -> 10.244.1.5 towards us (block 10.244.1.0/24) ...
        ByteBuffer b = ByteBuffer.allocate(128);
        writeInner(b, 20, 0x10, true, "10.244.2.7", "10.244.1.5", 28);
        byte[] before = Arrays.copyOfRange(b.array(), 20, 48);
        Routing atSender = Routing.build(
                Map.of(Prefix.parse("10.244.1.0/24"), (Inet4Address) Addresses.inet("192.168.1.10")),
                n -> new TrafficCounters());
        PacketPath.encapsulate(b, 0, 28, ip("192.168.2.10"), atSender, totals);
        // ... and we accept it, giving back the inner packet unchanged.
        assertSame(NODE2, PacketPath.decapsulate(b, 0, 48, routing, totals).address);
        assertEquals(20, Ipv4.headerLength(b, 0));
        assertArrayEquals(before, Arrays.copyOfRange(b.array(), 20, 48));
    }

    private static void packet(ByteBuffer b, String outerSrc, String innerSrc, String innerDst) {
        writeInner(b, 20, 0, true, innerSrc, innerDst, 28);
        Ipv4.writeOuter(b, 0, 28, ip(outerSrc), ip("192.168.1.10"));
    }

    private static void writeInner(ByteBuffer b, int at, int tos, boolean df, String src, String dst, int length) {
        b.put(at, (byte) 0x45).put(at + 1, (byte) tos).putShort(at + 2, (short) length);
        b.putShort(at + 4, (short) 0x1234).putShort(at + 6, (short) (df ? 0x4000 : 0));
        b.put(at + 8, (byte) 64).put(at + 9, (byte) 1).putShort(at + 10, (short) 0);
        b.putInt(at + 12, ip(src)).putInt(at + 16, ip(dst));
        b.putShort(at + 10, (short) Ipv4.checksum(b, at, 20));
    }

    private static int ip(String s) {
        return Routing.toInt(Addresses.parse(s));
    }
}
