package io.podroute.bgp.codec.attribute;

import java.util.Arrays;
import java.util.Locale;

/**
 * One AS_PATH / AS4_PATH segment (RFC 4271 §4.3, RFC 5065 §3): a type and 1..255 AS numbers, each an
 * unsigned 32-bit value held in an int.
 */
public record AsPathSegment(Type type, int[] asns) {
    /** Segment types with their wire codes. */
    public enum Type {
        AS_SET(1),
        AS_SEQUENCE(2),
        AS_CONFED_SEQUENCE(3),
        AS_CONFED_SET(4);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The type for a wire code, or null if the code is not 1..4. */
        public static Type of(int code) {
            return code >= 1 && code <= 4 ? values()[code - 1] : null;
        }

        /** Inverse of {@link #name()}, case-insensitive. */
        public static Type parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        public boolean isConfederation() {
            return this == AS_CONFED_SEQUENCE || this == AS_CONFED_SET;
        }
    }

    public AsPathSegment {
        if (type == null) {
            throw new IllegalArgumentException("segment type is required");
        }
        if (asns.length == 0 || asns.length > 255) {
            throw new IllegalArgumentException("a segment holds 1..255 AS numbers, had " + asns.length);
        }
        asns = asns.clone();
    }

    public static AsPathSegment sequence(int... asns) {
        return new AsPathSegment(Type.AS_SEQUENCE, asns);
    }

    public static AsPathSegment set(int... asns) {
        return new AsPathSegment(Type.AS_SET, asns);
    }

    @Override
    public int[] asns() {
        return asns.clone();
    }

    public int size() {
        return asns.length;
    }

    /** The {@code i}-th AS number, unsigned. */
    public long asn(int i) {
        return Integer.toUnsignedLong(asns[i]);
    }

    /** Contribution to the path length of RFC 4271 §9.1.2.2 a): a set counts 1, confederations 0. */
    public int pathLength() {
        switch (type) {
            case AS_SEQUENCE:
                return asns.length;
            case AS_SET:
                return 1;
            default:
                return 0;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPathSegment s && type == s.type && Arrays.equals(asns, s.asns);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(asns);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String open = type == Type.AS_SET
                ? "{"
                : type == Type.AS_CONFED_SEQUENCE ? "(" : type == Type.AS_CONFED_SET ? "[" : "";
        sb.append(open);
        for (int i = 0; i < asns.length; i++) {
            if (i > 0) {
                sb.append(type == Type.AS_SET || type == Type.AS_CONFED_SET ? "," : " ");
            }
            sb.append(Integer.toUnsignedString(asns[i]));
        }
        String close = type == Type.AS_SET
                ? "}"
                : type == Type.AS_CONFED_SEQUENCE ? ")" : type == Type.AS_CONFED_SET ? "]" : "";
        return sb.append(close).toString();
    }
}
