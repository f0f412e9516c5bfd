package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/** ORIGINATOR_ID (RFC 4456 §8): router id of the route's originator. Optional non-transitive; bad length is treat-as-withdraw (RFC 7606 §7.9). */
public record OriginatorId(int id) implements PathAttribute {
    static OriginatorId decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.readableBytes() != 4) {
            throw new AttributeException(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + v.readableBytes() + ", must be 4");
        }
        return new OriginatorId(v.readInt());
    }

    @Override
    public int typeCode() {
        return ORIGINATOR_ID;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        out.writeInt(id);
    }
}
