package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import java.util.Arrays;

/** CLUSTER_LIST (RFC 4456 §8): cluster ids. Optional non-transitive; a length that is not a non-zero multiple of 4 is treat-as-withdraw (RFC 7606 §7.10). */
public record ClusterList(int[] ids) implements PathAttribute {
    /** Bytes per element on the wire. */
    public static final int UNIT = 4;

    public ClusterList {
        ValueReader.requireElements(ids.length * 4, UNIT, "ClusterList");
        ids = ids.clone();
    }

    static ClusterList decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new ClusterList(ValueReader.ints(v, UNIT));
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** Number of ints held. */
    public int size() {
        return ids.length;
    }

    /** The {@code i}-th int. */
    public int get(int i) {
        return ids[i];
    }

    @Override
    public int typeCode() {
        return CLUSTER_LIST;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return ids.length * 4;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        for (int x : ids) {
            out.writeInt(x);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterList c && Arrays.equals(ids, c.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "ClusterList" + Arrays.toString(ids);
    }
}
