package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.ArrayList;
import java.util.List;

/**
 * AS_PATH (RFC 4271 §5.1.2). AS numbers are 2 or 4 octets on the wire depending on the session
 * (RFC 6793); in memory they are always 32-bit. Well-known mandatory.
 */
public record AsPath(List<AsPathSegment> segments) implements PathAttribute {
    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
        segments = List.copyOf(segments);
    }

    /** A path of one AS_SEQUENCE (empty path for no ASNs). */
    public static AsPath sequence(int... asns) {
        return asns.length == 0 ? EMPTY : new AsPath(List.of(AsPathSegment.sequence(asns)));
    }

    static AsPath decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        return new AsPath(AsPathCodec.decode(
                v, ctx.asnWidth(), ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_AS_PATH));
    }

    /** Path length for the decision process (RFC 4271 §9.1.2.2 a). */
    public int pathLength() {
        int n = 0;
        for (AsPathSegment s : segments) {
            n += s.pathLength();
        }
        return n;
    }

    /** True if {@code asn} (unsigned) appears in any segment. */
    public boolean contains(long asn) {
        for (AsPathSegment s : segments) {
            for (int i = 0; i < s.size(); i++) {
                if (s.asn(i) == asn) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first AS of a leading AS_SEQUENCE (the neighbour AS), or -1 if there is none. */
    public long firstAs() {
        if (segments.isEmpty() || segments.get(0).type() != AsPathSegment.Type.AS_SEQUENCE) {
            return -1;
        }
        return segments.get(0).asn(0);
    }

    /**
     * The path a NEW speaker uses for a route from an OLD one (RFC 6793 §4.2.3): the leading AS numbers
     * of AS_PATH that AS4_PATH does not cover, followed by AS4_PATH. When AS4_PATH is longer than
     * AS_PATH it is ignored.
     */
    public static AsPath reconstruct(AsPath asPath, As4Path as4Path) {
        if (as4Path == null) {
            return asPath;
        }
        int keep = asPath.pathLength() - as4Path.pathLength();
        if (keep < 0) {
            return asPath;
        }
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : asPath.segments()) {
            if (s.type().isConfederation()) {
                out.add(s);
            } else if (keep > 0) {
                if (s.type() == AsPathSegment.Type.AS_SET) {
                    out.add(s);
                    keep--;
                } else {
                    int take = Math.min(keep, s.size());
                    int[] asns = s.asns();
                    int[] head = new int[take];
                    System.arraycopy(asns, 0, head, 0, take);
                    out.add(AsPathSegment.sequence(head));
                    keep -= take;
                }
            }
        }
        out.addAll(as4Path.segments());
        return new AsPath(out);
    }

    @Override
    public int typeCode() {
        return AS_PATH;
    }

    @Override
    public int defaultFlags() {
        return FLAG_TRANSITIVE;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return AsPathCodec.length(segments, ctx.asnWidth());
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        AsPathCodec.encode(segments, ctx.asnWidth(), out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AsPath[");
        for (int i = 0; i < segments.size(); i++) {
            sb.append(i > 0 ? " " : "").append(segments.get(i));
        }
        return sb.append(']').toString();
    }
}
