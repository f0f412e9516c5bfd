package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import java.util.Arrays;

/** EXTENDED_COMMUNITIES (RFC 4360): 8-byte values kept as longs. Optional transitive; a length that is not a non-zero multiple of 8 is treat-as-withdraw (RFC 7606 §7.14). */
public record ExtendedCommunities(long[] values) implements PathAttribute {
    /** Bytes per element on the wire. */
    public static final int UNIT = 8;

    public ExtendedCommunities {
        ValueReader.requireElements(values.length * 8, UNIT, "ExtendedCommunities");
        values = values.clone();
    }

    static ExtendedCommunities decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new ExtendedCommunities(ValueReader.longs(v));
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
