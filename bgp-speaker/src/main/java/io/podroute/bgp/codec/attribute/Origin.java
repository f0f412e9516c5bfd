package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;

/** ORIGIN (RFC 4271 §5.1.1): 0 IGP, 1 EGP, 2 INCOMPLETE. Well-known mandatory. */
public record Origin(int value) implements PathAttribute {
    public static final Origin IGP = new Origin(0);
    public static final Origin EGP = new Origin(1);
    public static final Origin INCOMPLETE = new Origin(2);

    private static final String[] NAMES = {"IGP", "EGP", "INCOMPLETE"};

    public Origin {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("ORIGIN must be 0..2, was " + value);
        }
    }

    public static Origin of(int value) {
        return value == 0 ? IGP : value == 1 ? EGP : value == 2 ? INCOMPLETE : new Origin(value);
    }

    public String label() {
        return NAMES[value];
    }

    /** Inverse of {@link #label()}. */
    public static Origin parse(String label) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(label)) {
                return of(i);
            }
        }
        throw new IllegalArgumentException("ORIGIN must be IGP, EGP or INCOMPLETE, was '" + label + "'");
    }

    @Override
    public int typeCode() {
        return ORIGIN;
    }

    @Override
    public int defaultFlags() {
        return FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return 1;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        out.writeByte(value);
    }
}
