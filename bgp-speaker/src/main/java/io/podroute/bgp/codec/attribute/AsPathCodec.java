package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.ArrayList;
import java.util.List;

/** Segment lists shared by AS_PATH and AS4_PATH: wire format type(1), count(1), count × AS(2 or 4). */
final class AsPathCodec {
    /** AS_TRANS (RFC 6793 §9), sent in 2-octet fields for AS numbers above 65535. */
    static final int AS_TRANS = 23456;

    private AsPathCodec() {}

    /**
     * Decodes segments per RFC 7606 §7.2: an unknown segment type, a zero-length segment, a segment
     * overrunning the attribute, or a single trailing octet make the path malformed; so does AS 0
     * (RFC 7607 §2).
     */
    static List<AsPathSegment> decode(ByteBuf v, int width, ErrorAction action, NotificationCode code)
            throws AttributeException {
        List<AsPathSegment> segments = new ArrayList<>(2);
        while (v.isReadable()) {
            if (v.readableBytes() < 2) {
                throw new AttributeException(action, code, "segment header truncated (1 octet left)");
            }
            int typeCode = v.readUnsignedByte();
            int count = v.readUnsignedByte();
            AsPathSegment.Type type = AsPathSegment.Type.of(typeCode);
            if (type == null) {
                throw new AttributeException(action, code, "unknown segment type " + typeCode);
            }
            if (count == 0) {
                throw new AttributeException(action, code, "segment of length zero");
            }
            if (count * width > v.readableBytes()) {
                throw new AttributeException(
                        action, code, "segment of " + count + " AS numbers overruns the attribute");
            }
            int[] asns = new int[count];
            for (int i = 0; i < count; i++) {
                asns[i] = width == 4 ? v.readInt() : v.readUnsignedShort();
                if (asns[i] == 0) {
                    throw new AttributeException(action, code, "AS 0 in the path (RFC 7607)");
                }
            }
            segments.add(new AsPathSegment(type, asns));
        }
        return segments;
    }

    static int length(List<AsPathSegment> segments, int width) {
        int n = 0;
        for (AsPathSegment s : segments) {
            n += 2 + width * s.size();
        }
        return n;
    }

    /** Writes segments; with 2-octet width an AS number above 65535 is written as AS_TRANS. */
    static void encode(List<AsPathSegment> segments, int width, ByteBuf out) {
        for (AsPathSegment s : segments) {
            out.writeByte(s.type().code());
            out.writeByte(s.size());
            for (int i = 0; i < s.size(); i++) {
                long asn = s.asn(i);
                if (width == 4) {
                    out.writeInt((int) asn);
                } else {
                    out.writeShort(asn > 0xFFFF ? AS_TRANS : (int) asn);
                }
            }
        }
    }
}
