package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.List;

/**
 * AS4_PATH (RFC 6793 §3): the 4-octet path that an OLD speaker passes along beside a 2-octet AS_PATH.
 * Optional transitive; a malformed one is discarded (RFC 6793 §6), as is one holding confederation
 * segments (RFC 6793 §3: they MUST NOT be sent).
 */
public record As4Path(List<AsPathSegment> segments) implements PathAttribute {
    public As4Path {
        segments = List.copyOf(segments);
    }

    static As4Path decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        List<AsPathSegment> segs =
                AsPathCodec.decode(v, 4, ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR);
        for (AsPathSegment s : segs) {
            if (s.type().isConfederation()) {
                throw new AttributeException(
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        "confederation segment in AS4_PATH");
            }
        }
        return new As4Path(segs);
    }

    public int pathLength() {
        int n = 0;
        for (AsPathSegment s : segments) {
            n += s.pathLength();
        }
        return n;
    }

    @Override
    public int typeCode() {
        return AS4_PATH;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL | FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return AsPathCodec.length(segments, 4);
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        AsPathCodec.encode(segments, 4, out);
    }
}
