package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;

/** NEXT_HOP (RFC 4271 §5.1.3): the IPv4 next hop of the UPDATE's own NLRI field. Well-known. A length other than 4 is treat-as-withdraw (RFC 7606 §7.3). */
public record NextHop(int address) implements PathAttribute {
    static NextHop decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new NextHop(ValueReader.fixedInt(v));
    }

    @Override
    public int typeCode() {
        return NEXT_HOP;
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
        out.writeInt(address);
    }
}
