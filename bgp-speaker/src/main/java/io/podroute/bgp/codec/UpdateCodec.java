package io.podroute.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AttributeCodec;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.List;

/**
 * UPDATE body (RFC 4271 §4.3): withdrawn length(2), withdrawn routes, total path attribute length(2),
 * path attributes, NLRI. Error handling per RFC 4271 §6.3 as revised by RFC 7606; see {@link
 * AttributeCodec} for the attribute rules and {@link UpdateMessage#verdict()} for the outcome.
 */
final class UpdateCodec {
    private static final byte[] NO_DATA = new byte[0];

    private UpdateCodec() {}

    static UpdateMessage decode(ByteBuf b, CodecContext ctx) {
        int withdrawnLen = b.readUnsignedShort();
        if (withdrawnLen + 2 > b.readableBytes()) {
            // §6.3: Withdrawn Routes Length + Total Attribute Length + 23 exceeds the message length.
            throw new BgpProtocolException(
                    NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                    NO_DATA,
                    "withdrawn routes length " + withdrawnLen + " exceeds the message");
        }
        PrefixList withdrawn =
                PrefixList.decode(b, withdrawnLen, false, ctx.addPathIpv4(), NotificationCode.INVALID_NETWORK_FIELD);
        int attrLen = b.readUnsignedShort();
        if (attrLen > b.readableBytes()) {
            throw new BgpProtocolException(
                    NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                    NO_DATA,
                    "total path attribute length " + attrLen + " exceeds the message");
        }
        List<UpdateError> errors = new ArrayList<>(0);
        PathAttributes attrs = AttributeCodec.decode(b, attrLen, ctx, errors);
        PrefixList nlri = PrefixList.decode(
                b, b.readableBytes(), false, ctx.addPathIpv4(), NotificationCode.INVALID_NETWORK_FIELD);
        checkMandatory(attrs, nlri, errors);
        checkNextHops(attrs, nlri, ctx, errors);
        UpdateMessage update = new UpdateMessage(withdrawn, attrs, nlri, errors);
        if (update.verdict() == ErrorAction.TREAT_AS_WITHDRAW && !update.hasNlri()) {
            // Treat-as-withdraw needs prefixes to withdraw; with none it is a session reset (RFC 7606 §5.2).
            UpdateError first = firstWithdraw(errors);
            throw new BgpProtocolException(first.code(), first.data(), first.reason() + " (in an UPDATE without NLRI)");
        }
        return update;
    }

    /** RFC 4271 §6.3 / RFC 7606 §3 d: missing well-known mandatory attributes are treat-as-withdraw. */
    private static void checkMandatory(PathAttributes attrs, PrefixList nlri, List<UpdateError> errors) {
        MpReachNlri reach = attrs.find(MpReachNlri.class);
        boolean announces = !nlri.isEmpty() || (reach != null && reach.prefixCount() > 0);
        if (!announces) {
            return;
        }
        requirePresent(attrs, PathAttribute.ORIGIN, Origin.class, errors);
        requirePresent(attrs, PathAttribute.AS_PATH, AsPath.class, errors);
        if (!nlri.isEmpty()) {
            requirePresent(attrs, PathAttribute.NEXT_HOP, NextHop.class, errors);
        }
    }

    private static void requirePresent(
            PathAttributes attrs, int type, Class<? extends PathAttribute> cls, List<UpdateError> errors) {
        if (attrs.find(cls) != null) {
            return;
        }
        for (UpdateError e : errors) {
            if (e.attributeType() == type) {
                return; // present but malformed: already reported
            }
        }
        errors.add(new UpdateError(
                ErrorAction.TREAT_AS_WITHDRAW,
                NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE,
                type,
                new byte[] {(byte) type},
                "missing well-known mandatory attribute " + type));
    }

    /**
     * RFC 4271 §6.3: a semantically incorrect next hop (0.0.0.0, multicast, class E, broadcast; for
     * IPv6 the unspecified or a multicast address) makes the route unusable: it is logged and ignored,
     * without a NOTIFICATION. podroute reports it as treat-as-withdraw with subcode 8.
     */
    private static void checkNextHops(
            PathAttributes attrs, PrefixList nlri, CodecContext ctx, List<UpdateError> errors) {
        NextHop nh = attrs.find(NextHop.class);
        if (nh != null && !nlri.isEmpty() && badIpv4(nh.address())) {
            errors.add(new UpdateError(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE,
                    PathAttribute.NEXT_HOP,
                    encoded(nh, ctx),
                    "next hop " + ipv4(nh.address()) + " is not a unicast address"));
        }
        MpReachNlri reach = attrs.find(MpReachNlri.class);
        if (reach == null || reach.prefixCount() == 0) {
            return;
        }
        byte[] hop = reach.nextHop();
        boolean bad;
        if (hop.length == 4) {
            bad = badIpv4(((hop[0] & 0xFF) << 24) | ((hop[1] & 0xFF) << 16) | ((hop[2] & 0xFF) << 8) | (hop[3] & 0xFF));
        } else if (hop.length >= 16) {
            boolean zero = true;
            for (int i = 0; i < 16; i++) {
                zero &= hop[i] == 0;
            }
            bad = zero || (hop[0] & 0xFF) == 0xFF;
        } else {
            bad = false;
        }
        if (bad && reach.family().isSupported()) {
            errors.add(new UpdateError(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE,
                    PathAttribute.MP_REACH_NLRI,
                    new byte[0],
                    "MP_REACH_NLRI next hop is not a unicast address"));
        }
    }

    private static boolean badIpv4(int a) {
        return a == 0 || (a >>> 28) >= 0xE;
    }

    private static String ipv4(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static byte[] encoded(PathAttribute a, CodecContext ctx) {
        ByteBuf tmp = Unpooled.buffer();
        try {
            PathAttributes.of(a).encode(tmp, ctx);
            byte[] out = new byte[tmp.readableBytes()];
            tmp.readBytes(out);
            return out;
        } finally {
            tmp.release();
        }
    }

    private static UpdateError firstWithdraw(List<UpdateError> errors) {
        for (UpdateError e : errors) {
            if (e.action() == ErrorAction.TREAT_AS_WITHDRAW) {
                return e;
            }
        }
        throw new IllegalStateException("no treat-as-withdraw error");
    }

    static void encode(UpdateMessage m, ByteBuf out, CodecContext ctx) {
        boolean addPath = ctx.addPath(Family.IPV4_UNICAST);
        out.writeShort(m.withdrawn().encodedLength(addPath));
        m.withdrawn().encode(out, addPath);
        int lenIndex = out.writerIndex();
        out.writeShort(0);
        m.attributes().encode(out, ctx);
        out.setShort(lenIndex, out.writerIndex() - lenIndex - 2);
        m.nlri().encode(out, addPath);
    }
}
