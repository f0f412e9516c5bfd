package io.podroute.netlink.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NetlinkWriterTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void padsAttributesAndPatchesLengths() {
        NetlinkWriter w = NetlinkWriter.allocate(256);
        w.beginMessage(Rtnl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK, 7);
        w.zeros(Rtnl.IFINFOMSG_LEN);
        w.attrString(Rtnl.IFLA_IFNAME, "a0");
        int info = w.beginNested(Rtnl.IFLA_LINKINFO);
        w.attrString(Rtnl.IFLA_INFO_KIND, "veth");
        w.endNested(info);
        w.attrU8(Rtnl.IFLA_OPERSTATE, 6);
        int len = w.endMessage();
        assertEquals(len, w.position());
        assertEquals(
                "40000000100005000700000000000000" // nlmsghdr: len 64, RTM_NEWLINK, REQUEST|ACK, seq 7
                        + "00000000000000000000000000000000" // ifinfomsg
                        + "0700030061300000" // IFLA_IFNAME "a0\\0", padded
                        + "10001200" + "09000100" + "7665746800000000" // IFLA_LINKINFO { IFLA_INFO_KIND "veth" }
                        + "0500100006000000", // IFLA_OPERSTATE 6, padded
                HEX.formatHex(Golden.written(w)));
        assertEquals(1, w.messageCount());
    }

    @Test
    void attributeTableReadsWhatTheWriterWrote() {
        NetlinkWriter w = NetlinkWriter.allocate(128);
        w.attrU32(1, 0xdeadbeef)
                .attrU16(2, 65535)
                .attrBytes(3, new byte[] {1, 2, 3})
                .attrFlag(4);
        int n = w.beginNested(5);
        w.attrU32(1, 42);
        w.endNested(n);
        w.attrU32(99, 1);
        ByteBuffer b = w.buffer();
        AttributeTable t = AttributeTable.parse(b, 0, b.position(), 8);
        assertEquals(0xdeadbeef, t.u32(1));
        assertEquals(65535, t.u16(2));
        assertArrayEquals(new byte[] {1, 2, 3}, t.bytes(3));
        assertTrue(t.has(4));
        assertEquals(0, t.length(4));
        assertEquals(42, t.nested(5, 2).u32(1));
        assertFalse(t.has(6), "types above maxType are skipped");
        assertEquals(7, t.u32(7, 7));
    }

    @Test
    void rejectsAnAttributeRunningPastItsRegion() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) 12).putShort(2, (short) 1);
        assertThrows(MalformedMessageException.class, () -> AttributeTable.parse(b, 0, 8, 4));
        b.putShort(0, (short) 2);
        assertThrows(MalformedMessageException.class, () -> AttributeTable.parse(b, 0, 8, 4));
    }

    @Test
    void rollbackDropsAMessageThatDidNotFit() {
        NetlinkWriter w = NetlinkWriter.allocate(40);
        w.beginMessage(1, 0, 1).attrU32(1, 1);
        w.endMessage();
        int mark = w.mark();
        assertThrows(
                BufferOverflowException.class,
                () -> w.beginMessage(1, 0, 2).attrU32(1, 2).attrU32(2, 3));
        w.rollback(mark);
        assertEquals(24, w.position());
        w.beginMessage(1, 0, 3);
        assertEquals(16, w.endMessage());
    }

    @Test
    void messageHeaderRejectsBadLengths() {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        b.putInt(0, 8);
        assertThrows(MalformedMessageException.class, () -> MessageHeader.checkedAlignedLength(b, 0, 32));
        b.putInt(0, 64);
        assertThrows(MalformedMessageException.class, () -> MessageHeader.checkedAlignedLength(b, 0, 32));
        b.putInt(0, 17);
        assertEquals(20, MessageHeader.checkedAlignedLength(b, 0, 32));
    }

    @Test
    void parsesExtendedAckFromTheKernel() {
        ByteBuffer unreachable = Golden.datagrams("ack-enetunreach.hex").get(0);
        Ack a = Ack.parse(unreachable, 0);
        assertEquals(101, a.errno());
        assertEquals("Nexthop has invalid gateway", a.message());

        ByteBuffer exists = Golden.datagrams("ack-eexist.hex").get(0);
        Ack e = Ack.parse(exists, 0);
        assertEquals(17, e.errno());
        assertEquals("", e.message());
        assertTrue(e.isError());
    }

    @Test
    void parsesACappedAck() {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
        b.putInt(0, 36)
                .putShort(4, (short) Nl.NLMSG_ERROR)
                .putShort(6, (short) Nl.F_CAPPED)
                .putInt(8, 9);
        b.putInt(16, 0).putInt(20, 16);
        Ack a = Ack.parse(b, 0);
        assertEquals(9, a.seq());
        assertFalse(a.isError());
    }
}
