package io.podroute.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.EncoderException;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.KeepaliveMessage;
import io.podroute.bgp.codec.message.MessageType;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;

/**
 * The BGP-4 codec: whole messages (header included) to records and back, with no I/O, channel or
 * clock. Decoding yields a message, or throws {@link BgpProtocolException} with the NOTIFICATION to
 * send; UPDATE errors that RFC 7606 handles without a reset are reported in the decoded message.
 *
 * <pre>
 *  0                   1                   2                   3
 * +---------------------------------------------------------------+
 * |                     Marker (16 x 0xFF)                        |
 * +-------------------------------+---------------+---------------+
 * |            Length             |     Type      |   body ...
 * +-------------------------------+---------------+
 * </pre>
 */
public final class BgpCodec {
    public static final int HEADER_LENGTH = 19;
    public static final int MARKER_LENGTH = 16;
    static final int MIN_OPEN = 29;
    static final int MIN_UPDATE = 23;
    static final int MIN_NOTIFICATION = 21;
    static final int ROUTE_REFRESH_LENGTH = 23;

    private BgpCodec() {}

    /**
     * Checks a message header (RFC 4271 §6.1) at the reader index without consuming it, and returns the
     * declared message length. Checked: the marker, 19 ≤ length ≤ the context's maximum, a known type,
     * and the length rules of that type.
     *
     * @throws BgpProtocolException with Message Header Error (or ROUTE-REFRESH Message Error, RFC 7313 §5)
     */
    public static int checkHeader(ByteBuf buf, CodecContext ctx) {
        int base = buf.readerIndex();
        for (int i = 0; i < MARKER_LENGTH; i++) {
            if (buf.getByte(base + i) != (byte) 0xFF) {
                throw new BgpProtocolException(
                        NotificationCode.CONNECTION_NOT_SYNCHRONIZED, new byte[0], "marker is not all ones");
            }
        }
        int length = buf.getUnsignedShort(base + 16);
        byte[] lengthData = {(byte) (length >>> 8), (byte) length};
        if (length < HEADER_LENGTH || length > ctx.maxMessageLength()) {
            throw new BgpProtocolException(
                    NotificationCode.BAD_MESSAGE_LENGTH,
                    lengthData,
                    "length " + length + " outside " + HEADER_LENGTH + ".." + ctx.maxMessageLength());
        }
        int typeCode = buf.getUnsignedByte(base + 18);
        MessageType type = MessageType.of(typeCode);
        if (type == null) {
            throw new BgpProtocolException(
                    NotificationCode.BAD_MESSAGE_TYPE,
                    new byte[] {(byte) typeCode},
                    "unknown message type " + typeCode);
        }
        boolean ok;
        switch (type) {
            case OPEN:
                ok = length >= MIN_OPEN;
                break;
            case UPDATE:
                ok = length >= MIN_UPDATE;
                break;
            case NOTIFICATION:
                ok = length >= MIN_NOTIFICATION;
                break;
            case KEEPALIVE:
                ok = length == HEADER_LENGTH;
                break;
            default:
                ok = length == ROUTE_REFRESH_LENGTH;
                if (!ok && length >= HEADER_LENGTH + 3 && buf.readableBytes() >= length) {
                    int subtype = buf.getUnsignedByte(base + HEADER_LENGTH + 2);
                    if (subtype == RouteRefreshMessage.BEGIN_OF_RIB_REFRESH
                            || subtype == RouteRefreshMessage.END_OF_RIB_REFRESH) {
                        // RFC 7313 §5: the data is the complete ROUTE-REFRESH message.
                        byte[] whole = new byte[length];
                        buf.getBytes(base, whole);
                        throw new BgpProtocolException(
                                NotificationCode.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH,
                                whole,
                                "enhanced ROUTE-REFRESH of length " + length + " (must be 23)");
                    }
                }
                break;
        }
        if (!ok) {
            throw new BgpProtocolException(
                    NotificationCode.BAD_MESSAGE_LENGTH,
                    lengthData,
                    "length " + length + " invalid for " + type.label());
        }
        return length;
    }

    /**
     * Decodes one complete message: {@code buf} must hold exactly the message, header included. The
     * reader index is advanced past it on success.
     */
    public static BgpMessage decode(ByteBuf buf, CodecContext ctx) {
        int available = buf.readableBytes();
        if (available < HEADER_LENGTH) {
            byte[] data = available >= 18
                    ? new byte[] {buf.getByte(buf.readerIndex() + 16), buf.getByte(buf.readerIndex() + 17)}
                    : new byte[0];
            throw new BgpProtocolException(
                    NotificationCode.BAD_MESSAGE_LENGTH,
                    data,
                    "message of " + available + " bytes is shorter than the 19-byte header");
        }
        int length = checkHeader(buf, ctx);
        if (length != available) {
            throw new BgpProtocolException(
                    NotificationCode.BAD_MESSAGE_LENGTH,
                    new byte[] {(byte) (length >>> 8), (byte) length},
                    "header says " + length + " bytes, " + available + " present");
        }
        MessageType type = MessageType.of(buf.getUnsignedByte(buf.readerIndex() + 18));
        ByteBuf body = buf.slice(buf.readerIndex() + HEADER_LENGTH, length - HEADER_LENGTH);
        buf.skipBytes(length);
        switch (type) {
            case OPEN:
                return OpenCodec.decode(body);
            case UPDATE:
                return UpdateCodec.decode(body, ctx);
            case NOTIFICATION:
                int code = body.readUnsignedByte();
                int subcode = body.readUnsignedByte();
                byte[] data = new byte[body.readableBytes()];
                body.readBytes(data);
                return new NotificationMessage(code, subcode, data);
            case KEEPALIVE:
                return KeepaliveMessage.INSTANCE;
            default:
                int afi = body.readUnsignedShort();
                int subtype = body.readUnsignedByte();
                return new RouteRefreshMessage(Family.of(afi, body.readUnsignedByte()), subtype);
        }
    }

    /**
     * Encodes {@code message} (header included) at the writer index of {@code out}.
     *
     * @throws EncoderException if the message would exceed the context's maximum length
     */
    public static void encode(BgpMessage message, CodecContext ctx, ByteBuf out) {
        int start = out.writerIndex();
        for (int i = 0; i < MARKER_LENGTH; i++) {
            out.writeByte(0xFF);
        }
        out.writeShort(0);
        out.writeByte(message.type().code());
        if (message instanceof OpenMessage open) {
            OpenCodec.encode(open, out);
        } else if (message instanceof UpdateMessage update) {
            UpdateCodec.encode(update, out, ctx);
        } else if (message instanceof NotificationMessage n) {
            out.writeByte(n.code());
            out.writeByte(n.subcode());
            out.writeBytes(n.data());
        } else if (message instanceof RouteRefreshMessage r) {
            out.writeShort(r.family().afi());
            out.writeByte(r.subtype());
            out.writeByte(r.family().safi());
        }
        int length = out.writerIndex() - start;
        if (length > ctx.maxMessageLength()) {
            out.writerIndex(start);
            throw new EncoderException(message.type().label() + " of " + length + " bytes exceeds the maximum of "
                    + ctx.maxMessageLength());
        }
        out.setShort(start + MARKER_LENGTH, length);
    }

    /** Encodes into a new buffer from {@code alloc}; the caller releases it. */
    public static ByteBuf encode(BgpMessage message, CodecContext ctx, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(256);
        try {
            encode(message, ctx, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
