package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;

/** ORIGINATOR_ID (RFC 4456 §8): router id of the route's originator. Optional non-transitive; bad length is treat-as-withdraw (RFC 7606 §7.9). */
public record OriginatorId(int id) implements PathAttribute {
    static OriginatorId decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new OriginatorId(ValueReader.fixedInt(v));
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
