package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/**
 * The length rules shared by several attribute types, in one place: a fixed 4-octet value (RFC 7606
 * §7.3–7.5, §7.9) and lists of fixed-size elements that must be a non-zero whole number of elements
 * (RFC 7606 §7.8, §7.10, §7.14, RFC 8092 §6). Each violation is treat-as-withdraw with 3/5.
 */
final class ValueReader {
    private ValueReader() {}

    /** The single 4-octet value of {@code v}. */
    static int fixedInt(ByteBuf v) throws AttributeException {
        if (v.readableBytes() != 4) {
            throw lengthError("length " + v.readableBytes() + ", must be 4");
        }
        return v.readInt();
    }

    /** All of {@code v} as ints, which must come in a non-zero whole number of {@code unit}-byte elements. */
    static int[] ints(ByteBuf v, int unit) throws AttributeException {
        checkElements(v, unit);
        int[] values = new int[v.readableBytes() / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.readInt();
        }
        return values;
    }

    /** All of {@code v} as longs, which must come in a non-zero whole number of 8-byte elements. */
    static long[] longs(ByteBuf v) throws AttributeException {
        checkElements(v, 8);
        long[] values = new long[v.readableBytes() / 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.readLong();
        }
        return values;
    }

    /** Checks a locally built element array the same way the wire is checked. */
    static void requireElements(int bytes, int unit, String type) {
        if (bytes == 0 || bytes % unit != 0) {
            throw new IllegalArgumentException(type + " needs a non-zero whole number of " + unit + "-byte elements");
        }
    }

    private static void checkElements(ByteBuf v, int unit) throws AttributeException {
        int len = v.readableBytes();
        if (len == 0 || len % unit != 0) {
            throw lengthError("length " + len + ", must be a non-zero multiple of " + unit);
        }
    }

    private static AttributeException lengthError(String why) {
        return new AttributeException(ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR, why);
    }
}
