package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4), unsigned. Optional non-transitive; bad length is treat-as-withdraw (RFC 7606 §7.4). */
public record MultiExitDisc(int value) implements PathAttribute {
    static MultiExitDisc decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new MultiExitDisc(ValueReader.fixedInt(v));
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
