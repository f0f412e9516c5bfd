package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import java.util.Arrays;

/** COMMUNITIES (RFC 1997): 32-bit values (AS:value). Optional transitive; a length that is not a non-zero multiple of 4 is treat-as-withdraw (RFC 7606 §7.8). */
public record Communities(int[] values) implements PathAttribute {
    /** Bytes per element on the wire. */
    public static final int UNIT = 4;

    public Communities {
        ValueReader.requireElements(values.length * 4, UNIT, "Communities");
        values = values.clone();
    }

    static Communities decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new Communities(ValueReader.ints(v, UNIT));
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
        return COMMUNITIES;
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
        return o instanceof Communities c && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Communities" + Arrays.toString(values);
    }
}
