package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import java.util.Arrays;

/** LARGE_COMMUNITY (RFC 8092): (global admin, local 1, local 2) triples, held flat, three ints per community. Optional transitive; a length that is not a non-zero multiple of 12 is treat-as-withdraw (RFC 8092 §6). */
public record LargeCommunities(int[] values) implements PathAttribute {
    /** Bytes per element on the wire. */
    public static final int UNIT = 12;

    public LargeCommunities {
        ValueReader.requireElements(values.length * 4, UNIT, "LargeCommunities");
        values = values.clone();
    }

    static LargeCommunities decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new LargeCommunities(ValueReader.ints(v, UNIT));
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    /** Number of ints held. */
    public int size() {
        return values.length;
    }

    /** The {@code i}-th int. */
    public int get(int i) {
        return values[i];
    }

    @Override
    public int typeCode() {
        return LARGE_COMMUNITY;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL | FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return values.length * 4;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        for (int x : values) {
            out.writeInt(x);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LargeCommunities c && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "LargeCommunities" + Arrays.toString(values);
    }
}
