package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6): empty. Well-known; a non-zero length is attribute-discard (RFC 7606 §7.6). */
public record AtomicAggregate() implements PathAttribute {
    public static final AtomicAggregate INSTANCE = new AtomicAggregate();

    static AtomicAggregate decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.isReadable()) {
            throw new AttributeException(
                    ErrorAction.ATTRIBUTE_DISCARD,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + v.readableBytes() + ", must be 0");
        }
        return INSTANCE;
    }

    @Override
    public int typeCode() {
        return ATOMIC_AGGREGATE;
    }

    @Override
    public int defaultFlags() {
        return FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return 0;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        // empty value
    }
}
