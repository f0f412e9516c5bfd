package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;

/** LOCAL_PREF (RFC 4271 §5.1.5), unsigned. Well-known (iBGP only); bad length is treat-as-withdraw (RFC 7606 §7.5). */
public record LocalPref(int value) implements PathAttribute {
    static LocalPref decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new LocalPref(ValueReader.fixedInt(v));
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
