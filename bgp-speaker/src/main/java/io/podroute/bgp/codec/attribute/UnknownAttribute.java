package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An optional attribute podroute does not interpret, kept byte-for-byte with its flags (RFC 4271 §5:
 * optional transitive ones are passed on with the Partial bit set; optional non-transitive ones are
 * not passed on). {@code flags} holds the high four bits only; the Extended Length bit is a matter of
 * encoding, kept by {@link PathAttributes}.
 */
public record UnknownAttribute(int flags, int typeCode, byte[] value) implements PathAttribute {
    public UnknownAttribute {
        if (typeCode < 0 || typeCode > 0xFF) {
            throw new IllegalArgumentException("attribute type out of range: " + typeCode);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes");
        }
        flags &= 0xE0;
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public boolean isOptional() {
        return (flags & FLAG_OPTIONAL) != 0;
    }

    public boolean isTransitive() {
        return (flags & FLAG_TRANSITIVE) != 0;
    }

    public boolean isPartial() {
        return (flags & FLAG_PARTIAL) != 0;
    }

    /** This attribute as it is passed on to another peer: the Partial bit set (RFC 4271 §5). */
    public UnknownAttribute withPartial() {
        return isPartial() ? this : new UnknownAttribute(flags | FLAG_PARTIAL, typeCode, value);
    }

    @Override
    public int defaultFlags() {
        return flags;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return value.length;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttribute u
                && flags == u.flags
                && typeCode == u.typeCode
                && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
        return (flags * 31 + typeCode) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UnknownAttribute[flags=0x" + Integer.toHexString(flags) + ", type=" + typeCode + ", value="
                + HexFormat.of().formatHex(value) + "]";
    }
}
