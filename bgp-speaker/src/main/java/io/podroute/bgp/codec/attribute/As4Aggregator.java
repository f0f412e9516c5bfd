package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/** AS4_AGGREGATOR (RFC 6793 §3: the 4-octet aggregator an OLD speaker passes along. Optional transitive; malformed is attribute-discard (RFC 6793 §6).) The AS number is unsigned. */
public record As4Aggregator(int asn, int address) implements PathAttribute {
    static As4Aggregator decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        int width = 4;
        if (v.readableBytes() != width + 4) {
            throw new AttributeException(
                    ErrorAction.ATTRIBUTE_DISCARD,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + v.readableBytes() + ", must be " + (width + 4));
        }
        int asn = v.readInt();
        if (asn == 0) {
            throw new AttributeException(
                    ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, "AS 0 (RFC 7607)");
        }
        return new As4Aggregator(asn, v.readInt());
    }

    public long asnUnsigned() {
        return Integer.toUnsignedLong(asn);
    }

    @Override
    public int typeCode() {
        return AS4_AGGREGATOR;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL | FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return 8;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        out.writeInt(asn);
        out.writeInt(address);
    }
}
