package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.Arrays;
import java.util.Objects;

/**
 * MP_UNREACH_NLRI (RFC 4760 §4): AFI(2), SAFI(1), withdrawn routes. An empty one is the End-of-RIB
 * marker of its family (RFC 4724 §2). Errors are a session reset (RFC 7606 §5.3).
 */
public record MpUnreachNlri(Family family, PrefixList withdrawn, byte[] opaqueNlri) implements PathAttribute {
    public MpUnreachNlri {
        Objects.requireNonNull(family, "family");
        if (family.isSupported()) {
            Objects.requireNonNull(withdrawn, "withdrawn");
            if (withdrawn.ipv6() != family.equals(Family.IPV6_UNICAST)) {
                throw new IllegalArgumentException("NLRI family does not match " + family);
            }
            opaqueNlri = null;
        } else {
            withdrawn = null;
            opaqueNlri = opaqueNlri == null ? new byte[0] : opaqueNlri.clone();
        }
    }

    public static MpUnreachNlri of(Family family, PrefixList withdrawn) {
        return new MpUnreachNlri(family, withdrawn, null);
    }

    /** The End-of-RIB marker for {@code family}. */
    public static MpUnreachNlri endOfRib(Family family) {
        return new MpUnreachNlri(
                family, family.isSupported() ? PrefixList.empty(family.equals(Family.IPV6_UNICAST)) : null, null);
    }

    static MpUnreachNlri decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.readableBytes() < 3) {
            throw new AttributeException(
                    ErrorAction.SESSION_RESET,
                    NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                    "length " + v.readableBytes() + " below the minimum of 3");
        }
        Family family = Family.of(v.readUnsignedShort(), v.readUnsignedByte());
        if (!family.isSupported()) {
            byte[] raw = new byte[v.readableBytes()];
            v.readBytes(raw);
            return new MpUnreachNlri(family, null, raw);
        }
        try {
            return of(
                    family,
                    PrefixList.decode(
                            v,
                            v.readableBytes(),
                            family.equals(Family.IPV6_UNICAST),
                            ctx.addPath(family),
                            NotificationCode.OPTIONAL_ATTRIBUTE_ERROR));
        } catch (BgpProtocolException e) {
            throw new AttributeException(
                    ErrorAction.SESSION_RESET, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, e.getMessage());
        }
    }

    @Override
    public byte[] opaqueNlri() {
        return opaqueNlri == null ? null : opaqueNlri.clone();
    }

    public int prefixCount() {
        return withdrawn == null ? 0 : withdrawn.size();
    }

    @Override
    public int typeCode() {
        return MP_UNREACH_NLRI;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        return 3 + (withdrawn != null ? withdrawn.encodedLength(ctx.addPath(family)) : opaqueNlri.length);
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        out.writeShort(family.afi());
        out.writeByte(family.safi());
        if (withdrawn != null) {
            withdrawn.encode(out, ctx.addPath(family));
        } else {
            out.writeBytes(opaqueNlri);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MpUnreachNlri m
                && family.equals(m.family)
                && Objects.equals(withdrawn, m.withdrawn)
                && Arrays.equals(opaqueNlri, m.opaqueNlri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, withdrawn, Arrays.hashCode(opaqueNlri));
    }

    @Override
    public String toString() {
        return "MpUnreachNlri[" + family + ", "
                + (withdrawn != null ? withdrawn.size() + " prefixes" : opaqueNlri.length + " opaque bytes") + "]";
    }
}
