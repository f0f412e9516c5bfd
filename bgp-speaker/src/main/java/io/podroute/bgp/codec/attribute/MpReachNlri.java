package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * MP_REACH_NLRI (RFC 4760 §3): AFI(2), SAFI(1), next-hop length(1), next hop, reserved(1), NLRI.
 * For IPv4/IPv6 unicast the NLRI decode to {@link #nlri()}; other families are kept as opaque bytes in
 * {@link #opaqueNlri()}. IPv6 next hops are 16 bytes (global) or 32 (global + link-local); IPv4 ones
 * 4, or 16/32 for an IPv6 next hop (RFC 8950). Any error here is a session reset (RFC 7606 §5.3,
 * §7.11): without this attribute the prefixes to withdraw cannot be located.
 */
public record MpReachNlri(Family family, byte[] nextHop, PrefixList nlri, byte[] opaqueNlri) implements PathAttribute {
    public MpReachNlri {
        Objects.requireNonNull(family, "family");
        nextHop = nextHop.clone();
        if (nextHop.length > 0xFF) {
            throw new IllegalArgumentException("next hop longer than 255 bytes");
        }
        if (family.isSupported()) {
            Objects.requireNonNull(nlri, "nlri");
            if (nlri.ipv6() != family.equals(Family.IPV6_UNICAST)) {
                throw new IllegalArgumentException("NLRI family does not match " + family);
            }
            opaqueNlri = null;
        } else {
            nlri = null;
            opaqueNlri = opaqueNlri == null ? new byte[0] : opaqueNlri.clone();
        }
    }

    /** IPv4/IPv6 unicast reachability. */
    public static MpReachNlri of(Family family, byte[] nextHop, PrefixList nlri) {
        return new MpReachNlri(family, nextHop, nlri, null);
    }

    static MpReachNlri decode(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.readableBytes() < 5) {
            throw reset("length " + v.readableBytes() + " below the minimum of 5");
        }
        Family family = Family.of(v.readUnsignedShort(), v.readUnsignedByte());
        int nhLen = v.readUnsignedByte();
        if (nhLen + 1 > v.readableBytes()) {
            throw reset("next hop length " + nhLen + " overruns the attribute");
        }
        boolean nhOk;
        if (family.equals(Family.IPV4_UNICAST)) {
            nhOk = nhLen == 4 || nhLen == 16 || nhLen == 32;
        } else if (family.equals(Family.IPV6_UNICAST)) {
            nhOk = nhLen == 16 || nhLen == 32;
        } else {
            nhOk = true;
        }
        if (!nhOk) {
            throw reset("next hop length " + nhLen + " is invalid for " + family);
        }
        byte[] nh = new byte[nhLen];
        v.readBytes(nh);
        v.skipBytes(1); // Reserved (RFC 4760 §3): ignored on receipt, sent as 0.
        if (!family.isSupported()) {
            byte[] raw = new byte[v.readableBytes()];
            v.readBytes(raw);
            return new MpReachNlri(family, nh, null, raw);
        }
        boolean v6 = family.equals(Family.IPV6_UNICAST);
        try {
            return of(
                    family,
                    nh,
                    PrefixList.decode(
                            v, v.readableBytes(), v6, ctx.addPath(family), NotificationCode.OPTIONAL_ATTRIBUTE_ERROR));
        } catch (BgpProtocolException e) {
            throw reset(e.getMessage());
        }
    }

    private static AttributeException reset(String why) {
        return new AttributeException(ErrorAction.SESSION_RESET, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, why);
    }

    @Override
    public byte[] nextHop() {
        return nextHop.clone();
    }

    @Override
    public byte[] opaqueNlri() {
        return opaqueNlri == null ? null : opaqueNlri.clone();
    }

    /** Number of prefixes (0 for an unsupported family). */
    public int prefixCount() {
        return nlri == null ? 0 : nlri.size();
    }

    @Override
    public int typeCode() {
        return MP_REACH_NLRI;
    }

    @Override
    public int defaultFlags() {
        return FLAG_OPTIONAL;
    }

    @Override
    public int valueLength(CodecContext ctx) {
        int body = nlri != null ? nlri.encodedLength(ctx.addPath(family)) : opaqueNlri.length;
        return 5 + nextHop.length + body;
    }

    @Override
    public void writeValue(ByteBuf out, CodecContext ctx) {
        out.writeShort(family.afi());
        out.writeByte(family.safi());
        out.writeByte(nextHop.length);
        out.writeBytes(nextHop);
        out.writeByte(0);
        if (nlri != null) {
            nlri.encode(out, ctx.addPath(family));
        } else {
            out.writeBytes(opaqueNlri);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MpReachNlri m
                && family.equals(m.family)
                && Arrays.equals(nextHop, m.nextHop)
                && Objects.equals(nlri, m.nlri)
                && Arrays.equals(opaqueNlri, m.opaqueNlri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, Arrays.hashCode(nextHop), nlri, Arrays.hashCode(opaqueNlri));
    }

    @Override
    public String toString() {
        return "MpReachNlri[" + family + ", nextHop=" + HexFormat.of().formatHex(nextHop) + ", "
                + (nlri != null ? nlri.size() + " prefixes" : opaqueNlri.length + " opaque bytes") + "]";
    }
}
