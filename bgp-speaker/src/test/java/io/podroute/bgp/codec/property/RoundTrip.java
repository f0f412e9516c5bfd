package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.EncoderException;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.UpdateMessage;

/**
 * The round-trip checks shared by the message properties, on Netty heap buffers that are always
 * released (and checked to be released: the codec must not retain what it is given).
 */
final class RoundTrip {
    /** Bytes placed before a message so that absolute-index mistakes in the codec show. */
    private static final byte JUNK = 0x5A;

    private RoundTrip() {}

    /** Encodes into a fresh buffer and returns the bytes. */
    static byte[] encode(BgpMessage m, CodecContext ctx) {
        ByteBuf out = Unpooled.buffer();
        try {
            BgpCodec.encode(m, ctx, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            release(out);
        }
    }

    /** Decodes exactly {@code wire}, checking that all of it was consumed. */
    static BgpMessage decode(byte[] wire, CodecContext ctx) {
        ByteBuf in = Unpooled.buffer(wire.length).writeBytes(wire);
        try {
            BgpMessage m = BgpCodec.decode(in, ctx);
            assertEquals(0, in.readableBytes(), "decode must consume the whole message");
            return m;
        } finally {
            release(in);
        }
    }

    static void release(ByteBuf b) {
        assertTrue(b.release(), "buffer still referenced after its last release");
    }

    /**
     * The length {@code m} has on the wire whatever the limit, or -1 when it exceeds even the extended
     * maximum of 65535.
     */
    static int unlimitedLength(BgpMessage m, CodecContext ctx) {
        try {
            return encode(m, ctx.withExtendedMessage(true)).length;
        } catch (EncoderException e) {
            return -1;
        }
    }

    /** True if {@code m} fits the context's maximum message length. */
    static boolean fits(BgpMessage m, CodecContext ctx) {
        int length = unlimitedLength(m, ctx);
        return length >= 0 && length <= ctx.maxMessageLength();
    }

    /**
     * Properties (1) to (3) for one message: if it fits {@code ctx}, it encodes behind {@code junk}
     * foreign bytes with a correct header, decodes to an equal message (an UPDATE without errors), and
     * the decoded message re-encodes to the same bytes; if it does not fit, encoding throws {@link
     * EncoderException} and leaves the buffer as it was.
     *
     * @return true if the message fitted
     */
    static boolean check(BgpMessage m, CodecContext ctx, int junk) {
        int length = unlimitedLength(m, ctx);
        ByteBuf out = Unpooled.buffer();
        try {
            for (int i = 0; i < junk; i++) {
                out.writeByte(JUNK);
            }
            if (length < 0 || length > ctx.maxMessageLength()) {
                assertThrows(EncoderException.class, () -> BgpCodec.encode(m, ctx, out));
                assertEquals(junk, out.writerIndex(), "a failed encode must not leave bytes behind");
                return false;
            }
            BgpCodec.encode(m, ctx, out);
            assertEquals(length, out.writerIndex() - junk);
            assertEquals(length, out.getUnsignedShort(junk + 16), "length field");
            assertTrue(length >= BgpCodec.HEADER_LENGTH && length <= ctx.maxMessageLength());
            for (int i = 0; i < junk; i++) {
                assertEquals(JUNK, out.getByte(i), "encode wrote before its writer index");
            }
            for (int i = 0; i < BgpCodec.MARKER_LENGTH; i++) {
                assertEquals((byte) 0xFF, out.getByte(junk + i), "marker");
            }
            assertEquals(m.type().code(), out.getUnsignedByte(junk + 18), "type");
            byte[] wire = ByteBufUtil.getBytes(out, junk, length);

            out.readerIndex(junk);
            BgpMessage decoded = BgpCodec.decode(out, ctx);
            assertEquals(0, out.readableBytes(), "decode must consume the whole message");
            if (decoded instanceof UpdateMessage u) {
                assertEquals(java.util.List.of(), u.errors(), "a valid UPDATE decodes without errors");
                assertEquals(ErrorAction.NONE, u.verdict());
            }
            assertEquals(m, decoded);
            assertArrayEquals(wire, encode(decoded, ctx), "decode then encode must give the same bytes");
            return true;
        } finally {
            release(out);
        }
    }
}
