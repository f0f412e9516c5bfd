package io.podroute.netlink.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MessageHeaderTest {
    @Test
    void readsEveryHeaderFieldAtAnOffset() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        int at = 16;
        b.putInt(at, 20)
                .putShort(at + 4, (short) Rtnl.RTM_DELROUTE)
                .putShort(at + 6, (short) 0x8002)
                .putInt(at + 8, 4711)
                .putInt(at + 12, 123_456);
        assertEquals(20, MessageHeader.length(b, at));
        assertEquals(Rtnl.RTM_DELROUTE, MessageHeader.type(b, at));
        assertEquals(0x8002, MessageHeader.flags(b, at));
        assertEquals(4711, MessageHeader.seq(b, at));
        assertEquals(123_456, MessageHeader.pid(b, at));
    }

    @Test
    void aPortIdWithTheHighBitSetReadsBackAsWritten() {
        // Autobind hands out ids from -4096 downwards once the process id is taken.
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putInt(12, -4097);
        assertEquals(-4097, MessageHeader.pid(b, 0));
        assertEquals(0xffffefffL, Integer.toUnsignedLong(MessageHeader.pid(b, 0)));
    }
}
