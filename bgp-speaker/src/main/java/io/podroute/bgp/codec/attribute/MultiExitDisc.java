package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4), unsigned. Optional non-transitive; bad length is treat-as-withdraw (RFC 7606 §7.4). */
public record MultiExitDisc(int value) implements PathAttribute {
    static MultiExitDisc decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.readableBytes() != 4) {
            throw new AttributeException(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + v.readableBytes() + ", must be 4");
        }
        return new MultiExitDisc(v.readInt());
    }

    @Override
    public int typeCode() {
        return MULTI_EXIT_DISC;
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
        out.writeInt(value);
    }
}
