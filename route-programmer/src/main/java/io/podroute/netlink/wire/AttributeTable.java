package io.podroute.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The attributes of one region of a message, indexed by type (the last occurrence wins). Types
 * above {@code maxType} are skipped: the kernel adds attributes over time and unknown ones must not
 * break parsing. Offsets point into the source buffer, which must outlive the table.
 */
public final class AttributeTable {
    private final ByteBuffer buf;
    private final int[] offset;
    private final int[] length;

    private AttributeTable(ByteBuffer buf, int maxType) {
        this.buf = buf;
        this.offset = new int[maxType + 1];
        this.length = new int[maxType + 1];
        Arrays.fill(offset, -1);
    }

    /**
     * Parses attributes in {@code [start, end)} of {@code buf}.
     *
     * @throws MalformedMessageException if an attribute length is shorter than its header or
     *     runs past {@code end}
     */
    public static AttributeTable parse(ByteBuffer buf, int start, int end, int maxType) {
        AttributeTable t = new AttributeTable(buf, maxType);
        int pos = start;
        while (pos + Nl.ATTR_HDRLEN <= end) {
            int len = Short.toUnsignedInt(buf.getShort(pos));
            int type = Short.toUnsignedInt(buf.getShort(pos + 2)) & Nl.NLA_TYPE_MASK;
            if (len < Nl.ATTR_HDRLEN || pos + len > end) {
                throw new MalformedMessageException("attribute type " + type + " length " + len + " at " + pos);
            }
            if (type <= maxType) {
                t.offset[type] = pos + Nl.ATTR_HDRLEN;
                t.length[type] = len - Nl.ATTR_HDRLEN;
            }
            pos += Nl.align(len);
        }
        return t;
    }

    public boolean has(int type) {
        return type < offset.length && offset[type] >= 0;
    }

    /** Payload offset of {@code type} in the buffer; the attribute must be present. */
    public int start(int type) {
        return offset[require(type)];
    }

    public int end(int type) {
        return offset[require(type)] + length[type];
    }

    public int length(int type) {
        return length[require(type)];
    }

    public int u8(int type) {
        return Byte.toUnsignedInt(buf.get(offset[require(type, 1)]));
    }

    public int u16(int type) {
        return Short.toUnsignedInt(buf.getShort(offset[require(type, 2)]));
    }

    public int u32(int type) {
        return buf.getInt(offset[require(type, 4)]);
    }

    public int u32(int type, int otherwise) {
        return has(type) ? u32(type) : otherwise;
    }

    public byte[] bytes(int type) {
        int at = offset[require(type)];
        byte[] out = new byte[length[type]];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.get(at + i);
        }
        return out;
    }

    /** A string attribute without its trailing NUL. */
    public String string(int type) {
        byte[] b = bytes(type);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    public AttributeTable nested(int type, int maxType) {
        return parse(buf, start(type), end(type), maxType);
    }

    private int require(int type) {
        if (!has(type)) {
            throw new MalformedMessageException("missing attribute " + type);
        }
        return type;
    }

    private int require(int type, int minLen) {
        require(type);
        if (length[type] < minLen) {
            throw new MalformedMessageException("attribute " + type + " shorter than " + minLen);
        }
        return type;
    }
}
