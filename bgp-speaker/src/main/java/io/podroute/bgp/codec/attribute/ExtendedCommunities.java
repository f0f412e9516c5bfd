package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.Arrays;

/** EXTENDED_COMMUNITIES (RFC 4360): 8-byte values kept as longs. Optional transitive; a length that is not a non-zero multiple of 8 is treat-as-withdraw (RFC 7606 §7.14). */
public record ExtendedCommunities(long[] values) implements PathAttribute {
    /** Bytes per element on the wire. */
    public static final int UNIT = 8;

    public ExtendedCommunities {
        if (values.length == 0 || (values.length * 8) % UNIT != 0) {
            throw new IllegalArgumentException("ExtendedCommunities needs a non-zero whole number of 8-byte elements");
        }
        values = values.clone();
    }

    static ExtendedCommunities decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        int len = v.readableBytes();
        if (len == 0 || len % UNIT != 0) {
            throw new AttributeException(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "length " + len + ", must be a non-zero multiple of " + UNIT);
        }
        long[] values = new long[len / 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.readLong();
        }
        return new ExtendedCommunities(values);
    }

    @Override
    public long[] values() {
        return values.clone();
    }

    /** Number of longs held. */
    public int size() {
        return values.length;
    }

    /** The {@code i}-th long. */
    public long get(int i) {
        return values[i];
    }

    @Override
    public int typeCode() {
        return EXTENDED_COMMUNITIES;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL | FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return values.length * 8;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        for (long x : values) {
            out.writeLong(x);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedCommunities c && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ExtendedCommunities" + Arrays.toString(values);
    }
}
