package io.podroute.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.List;

/**
 * Splits the TCP stream into whole BGP messages (RFC 4271 §4.1) and checks each header (§6.1). The
 * marker and the length field are checked as soon as the 19 header bytes are in, so a peer cannot
 * make us wait for, or buffer, more than the negotiated maximum (4096 bytes, or 65535 after RFC 8654
 * extended messages). After the first error every further byte is discarded: the session closes.
 *
 * <p>Not sharable: one instance per channel, used only on its event loop.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrame(ctx, in, out);
        } catch (BgpProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private static void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < BgpCodec.HEADER_LENGTH) {
            return;
        }
        CodecContext codec = BgpChannelAttributes.receive(ctx.channel());
        int base = in.readerIndex();
        for (int i = 0; i < BgpCodec.MARKER_LENGTH; i++) {
            if (in.getByte(base + i) != (byte) 0xFF) {
                throw new BgpProtocolException(
                        NotificationCode.CONNECTION_NOT_SYNCHRONIZED, new byte[0], "marker is not all ones");
            }
        }
        int length = in.getUnsignedShort(base + BgpCodec.MARKER_LENGTH);
        boolean lengthInRange = length >= BgpCodec.HEADER_LENGTH && length <= codec.maxMessageLength();
        if (lengthInRange && in.readableBytes() < length) {
            return; // wait for the rest of the message
        }
        BgpCodec.checkHeader(in, codec); // all header rules, with the whole message at hand
        out.add(in.readRetainedSlice(length));
    }
}
