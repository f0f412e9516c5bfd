package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/** AGGREGATOR (RFC 4271 §5.1.7; the AS is 2 or 4 octets as negotiated (RFC 6793). Optional transitive; a bad length or AS 0 is attribute-discard (RFC 7606 §7.7, RFC 7607).) The AS number is unsigned. */
public record Aggregator(int asn, int address) implements PathAttribute {
    static Aggregator decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        int width = ctx.asnWidth();
        if (v.readableBytes() != width + 4) {
            throw new AttributeException(
                    ErrorAction.ATTRIBUTE_DISCARD,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + v.readableBytes() + ", must be " + (width + 4));
        }
        int asn = width == 4 ? v.readInt() : v.readUnsignedShort();
        if (asn == 0) {
            throw new AttributeException(
                    ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, "AS 0 (RFC 7607)");
        }
        return new Aggregator(asn, v.readInt());
    }

    public long asnUnsigned() {
        return Integer.toUnsignedLong(asn);
    }

    @Override
    public int typeCode() {
        return AGGREGATOR;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL | FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return ctx.asnWidth() + 4;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        if (ctx.fourOctetAs()) {
            out.writeInt(asn);
        } else {
            out.writeShort(asnUnsigned() > 0xFFFF ? AsPathCodec.AS_TRANS : asn);
        }
        out.writeInt(address);
    }
}
