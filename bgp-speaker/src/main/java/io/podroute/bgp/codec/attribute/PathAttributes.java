package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The path attributes of one UPDATE in wire order, with the flags each carried on the wire, so that a
 * decoded UPDATE re-encodes to the same bytes (some speakers set Extended Length on short attributes).
 * Attributes built locally carry their type's default flags. Immutable; equality covers attributes
 * and flags, so equal sets can be interned.
 */
public final class PathAttributes {
    public static final PathAttributes EMPTY = new PathAttributes(new PathAttribute[0], new byte[0]);

    private final PathAttribute[] attributes;
    private final byte[] flags;
    // Computed on first use: decoding must not pay for hashing MP_REACH_NLRI's prefixes. Benign race:
    // every thread computes the same value from immutable state.
    private int hash;

    private PathAttributes(PathAttribute[] attributes, byte[] flags) {
        this.attributes = attributes;
        this.flags = flags;
    }

    /** Attributes in the given order, each with its type's default flags. */
    public static PathAttributes of(PathAttribute... attributes) {
        return of(List.of(attributes));
    }

    public static PathAttributes of(List<? extends PathAttribute> attributes) {
        PathAttribute[] a = attributes.toArray(new PathAttribute[0]);
        byte[] f = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (byte) (a[i].defaultFlags() & 0xE0);
        }
        return new PathAttributes(a, f);
    }

    /** Attributes with explicit wire flags (low four bits are dropped; Extended Length is kept). */
    public static PathAttributes withFlags(List<? extends PathAttribute> attributes, byte[] wireFlags) {
        if (attributes.size() != wireFlags.length) {
            throw new IllegalArgumentException("need one flags byte per attribute");
        }
        byte[] f = new byte[wireFlags.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (byte) (wireFlags[i] & 0xF0);
        }
        return new PathAttributes(attributes.toArray(new PathAttribute[0]), f);
    }

    public int size() {
        return attributes.length;
    }

    public boolean isEmpty() {
        return attributes.length == 0;
    }

    public PathAttribute get(int i) {
        return attributes[i];
    }

    /** The flags of attribute {@code i} as they go on the wire (before any Extended Length upgrade). */
    public int flags(int i) {
        return flags[i] & 0xF0;
    }

    public List<PathAttribute> list() {
        return List.of(attributes);
    }

    /** The first attribute with {@code typeCode}, or null. */
    public PathAttribute find(int typeCode) {
        for (PathAttribute a : attributes) {
            if (a.typeCode() == typeCode) {
                return a;
            }
        }
        return null;
    }

    /** The first attribute of class {@code type}, or null. */
    public <T extends PathAttribute> T find(Class<T> type) {
        for (PathAttribute a : attributes) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    public boolean has(int typeCode) {
        return find(typeCode) != null;
    }

    /** These attributes without any of type {@code typeCode}. */
    public PathAttributes without(int typeCode) {
        List<PathAttribute> a = new ArrayList<>(attributes.length);
        byte[] f = new byte[attributes.length];
        int n = 0;
        for (int i = 0; i < attributes.length; i++) {
            if (attributes[i].typeCode() != typeCode) {
                a.add(attributes[i]);
                f[n++] = flags[i];
            }
        }
        return n == attributes.length ? this : new PathAttributes(a.toArray(new PathAttribute[0]), Arrays.copyOf(f, n));
    }

    /** These attributes with {@code attribute} replacing one of its type in place, or appended. */
    public PathAttributes with(PathAttribute attribute) {
        for (int i = 0; i < attributes.length; i++) {
            if (attributes[i].typeCode() == attribute.typeCode()) {
                PathAttribute[] a = attributes.clone();
                byte[] f = flags.clone();
                a[i] = attribute;
                f[i] = (byte) ((flags[i] & PathAttribute.FLAG_EXTENDED_LENGTH) | (attribute.defaultFlags() & 0xE0));
                return new PathAttributes(a, f);
            }
        }
        PathAttribute[] a = Arrays.copyOf(attributes, attributes.length + 1);
        byte[] f = Arrays.copyOf(flags, flags.length + 1);
        a[attributes.length] = attribute;
        f[attributes.length] = (byte) (attribute.defaultFlags() & 0xE0);
        return new PathAttributes(a, f);
    }

    /** Bytes {@link #encode} writes. */
    public int encodedLength(CodecContext ctx) {
        int n = 0;
        for (int i = 0; i < attributes.length; i++) {
            int len = attributes[i].valueLength(ctx);
            n += len + (len > 255 || (flags[i] & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3);
        }
        return n;
    }

    /**
     * Writes every attribute: flags (Extended Length added when the value exceeds 255 bytes, kept when it
     * came set; the four low bits always zero), type, length, value.
     */
    public void encode(ByteBuf out, CodecContext ctx) {
        for (int i = 0; i < attributes.length; i++) {
            PathAttribute a = attributes[i];
            int len = a.valueLength(ctx);
            int f = flags[i] & 0xF0;
            if (len > 255) {
                f |= PathAttribute.FLAG_EXTENDED_LENGTH;
            }
            out.writeByte(f);
            out.writeByte(a.typeCode());
            if ((f & PathAttribute.FLAG_EXTENDED_LENGTH) != 0) {
                out.writeShort(len);
            } else {
                out.writeByte(len);
            }
            int before = out.writerIndex();
            a.writeValue(out, ctx);
            if (out.writerIndex() - before != len) {
                throw new IllegalStateException("attribute " + a.typeCode() + " wrote " + (out.writerIndex() - before)
                        + " bytes, declared " + len);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathAttributes p
                && hashCode() == p.hashCode()
                && Arrays.equals(attributes, p.attributes)
                && Arrays.equals(flags, p.flags);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(attributes) * 31 + Arrays.hashCode(flags);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return Arrays.toString(attributes);
    }
}
