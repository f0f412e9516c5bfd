package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/** LOCAL_PREF (RFC 4271 §5.1.5), unsigned. Well-known (iBGP only); bad length is treat-as-withdraw (RFC 7606 §7.5). */
public record LocalPref(int value) implements PathAttribute {
    static LocalPref decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.readableBytes() != 4) {
            throw new AttributeException(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + v.readableBytes() + ", must be 4");
        }
        return new LocalPref(v.readInt());
    }

    @Override
    public int typeCode() {
        return LOCAL_PREF;
    }

    @Override
    public int defaultFlags() {
        return FLAG_TRANSITIVE;
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
