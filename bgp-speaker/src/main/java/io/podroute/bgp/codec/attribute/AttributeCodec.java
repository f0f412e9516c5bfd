package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.error.UpdateError;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the Path Attributes field of an UPDATE under RFC 4271 §6.3 as revised by RFC 7606. Each known
 * type code has one value decoder and the Optional/Transitive flags it must carry; errors that allow
 * the session to continue are appended to the caller's list with their action, and only the cases
 * RFC 7606 leaves as session resets throw {@link BgpProtocolException}.
 */
public final class AttributeCodec {
    @FunctionalInterface
    interface ValueDecoder {
        PathAttribute decode(ByteBuf value, CodecContext ctx) throws AttributeException;
    }

    private static final ValueDecoder[] DECODERS = new ValueDecoder[256];
    private static final int[] EXPECTED_FLAGS = new int[256];

    static {
        register(PathAttribute.ORIGIN, PathAttribute.FLAG_TRANSITIVE, AttributeCodec::decodeOrigin);
        register(PathAttribute.AS_PATH, PathAttribute.FLAG_TRANSITIVE, AsPath::decode);
        register(PathAttribute.NEXT_HOP, PathAttribute.FLAG_TRANSITIVE, NextHop::decode);
        register(PathAttribute.MULTI_EXIT_DISC, PathAttribute.FLAG_OPTIONAL, MultiExitDisc::decode);
        register(PathAttribute.LOCAL_PREF, PathAttribute.FLAG_TRANSITIVE, LocalPref::decode);
        register(PathAttribute.ATOMIC_AGGREGATE, PathAttribute.FLAG_TRANSITIVE, AtomicAggregate::decode);
        int optTrans = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;
        register(PathAttribute.AGGREGATOR, optTrans, Aggregator::decode);
        register(PathAttribute.COMMUNITIES, optTrans, Communities::decode);
        register(PathAttribute.ORIGINATOR_ID, PathAttribute.FLAG_OPTIONAL, OriginatorId::decode);
        register(PathAttribute.CLUSTER_LIST, PathAttribute.FLAG_OPTIONAL, ClusterList::decode);
        register(PathAttribute.MP_REACH_NLRI, PathAttribute.FLAG_OPTIONAL, MpReachNlri::decode);
        register(PathAttribute.MP_UNREACH_NLRI, PathAttribute.FLAG_OPTIONAL, MpUnreachNlri::decode);
        register(PathAttribute.EXTENDED_COMMUNITIES, optTrans, ExtendedCommunities::decode);
        register(PathAttribute.AS4_PATH, optTrans, As4Path::decode);
        register(PathAttribute.AS4_AGGREGATOR, optTrans, As4Aggregator::decode);
        register(PathAttribute.LARGE_COMMUNITY, optTrans, LargeCommunities::decode);
    }

    private AttributeCodec() {}

    private static void register(int type, int flags, ValueDecoder decoder) {
        if (DECODERS[type] != null) {
            throw new ExceptionInInitializerError("attribute type " + type + " registered twice");
        }
        DECODERS[type] = decoder;
        EXPECTED_FLAGS[type] = flags;
    }

    /** True if podroute decodes attribute {@code type} into its own record. */
    public static boolean isKnown(int type) {
        return type >= 0 && type < 256 && DECODERS[type] != null;
    }

    /**
     * Decodes {@code length} bytes of path attributes at the reader index and advances past them.
     *
     * @param errors receives every error handled by attribute-discard or treat-as-withdraw
     * @throws BgpProtocolException for a duplicate or unparseable MP_REACH_NLRI / MP_UNREACH_NLRI
     */
    public static PathAttributes decode(ByteBuf buf, int length, CodecContext ctx, List<UpdateError> errors) {
        int end = buf.readerIndex() + length;
        List<PathAttribute> attrs = new ArrayList<>(8);
        byte[] flagBytes = new byte[8];
        long[] seen = new long[4];
        while (buf.readerIndex() < end) {
            int start = buf.readerIndex();
            int left = end - start;
            int flags = left >= 1 ? buf.getUnsignedByte(start) & 0xF0 : 0;
            int header = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
            if (left < header) {
                // RFC 7606 §4: too few octets for an attribute header; Total Attribute Length locates the NLRI.
                errors.add(new UpdateError(
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        -1,
                        new byte[0],
                        left + " octet(s) left in the attribute field, too few for a header"));
                buf.readerIndex(end);
                break;
            }
            int type = buf.getUnsignedByte(start + 1);
            int len = header == 4 ? buf.getUnsignedShort(start + 2) : buf.getUnsignedByte(start + 2);
            if (header + len > left) {
                // RFC 7606 §4: the last attribute overruns the field.
                byte[] data = bytes(buf, start, left);
                if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
                    throw new BgpProtocolException(
                            NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                            data,
                            "attribute " + type + " length " + len
                                    + " overruns the attribute field; NLRI cannot be located");
                }
                errors.add(new UpdateError(
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        type,
                        data,
                        "attribute " + type + " length " + len + " overruns the attribute field"));
                buf.readerIndex(end);
                break;
            }
            buf.readerIndex(start + header + len);
            if ((seen[type >>> 6] & (1L << type)) != 0) {
                // RFC 7606 §3 g: duplicate MP attributes reset the session; other duplicates are dropped.
                if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
                    throw new BgpProtocolException(
                            NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                            new byte[0],
                            "attribute " + type + " appears more than once");
                }
                errors.add(new UpdateError(
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        type,
                        bytes(buf, start, header + len),
                        "duplicate attribute " + type + " discarded"));
                continue;
            }
            seen[type >>> 6] |= 1L << type;
            PathAttribute a = decodeOne(buf, start, header, len, flags, type, ctx, errors);
            if (a != null) {
                if (attrs.size() == flagBytes.length) {
                    flagBytes = java.util.Arrays.copyOf(flagBytes, flagBytes.length * 2);
                }
                flagBytes[attrs.size()] = (byte) flags;
                attrs.add(a);
            }
        }
        return PathAttributes.withFlags(attrs, java.util.Arrays.copyOf(flagBytes, attrs.size()));
    }

    private static PathAttribute decodeOne(
            ByteBuf buf,
            int start,
            int header,
            int len,
            int flags,
            int type,
            CodecContext ctx,
            List<UpdateError> errors) {
        ByteBuf value = buf.slice(start + header, len);
        ValueDecoder decoder = DECODERS[type];
        if (decoder == null) {
            if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
                // RFC 4271 §6.3: unrecognized well-known attribute; handled as treat-as-withdraw (RFC 7606 §2).
                errors.add(new UpdateError(
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                        type,
                        bytes(buf, start, header + len),
                        "unrecognized well-known attribute " + type));
                return null;
            }
            byte[] raw = new byte[len];
            value.getBytes(0, raw);
            return new UnknownAttribute(flags, type, raw);
        }
        boolean mp = type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI;
        if ((flags & 0xC0) != EXPECTED_FLAGS[type]) {
            // RFC 7606 §3 c: Optional/Transitive bits in conflict with the type: treat-as-withdraw.
            errors.add(new UpdateError(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.ATTRIBUTE_FLAGS_ERROR,
                    type,
                    bytes(buf, start, header + len),
                    String.format(
                            java.util.Locale.ROOT,
                            "attribute %d flags 0x%02x, Optional/Transitive must be 0x%02x",
                            type,
                            flags,
                            EXPECTED_FLAGS[type])));
            if (!mp) {
                return null; // MP attributes are still parsed so that their prefixes can be withdrawn.
            }
        }
        if (ctx.fourOctetAs() && (type == PathAttribute.AS4_PATH || type == PathAttribute.AS4_AGGREGATOR)) {
            // RFC 6793 §4.1: a NEW speaker discards AS4_PATH / AS4_AGGREGATOR received from a NEW speaker.
            errors.add(new UpdateError(
                    ErrorAction.ATTRIBUTE_DISCARD,
                    NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                    type,
                    bytes(buf, start, header + len),
                    "attribute " + type + " on a 4-octet-AS session discarded"));
            return null;
        }
        try {
            PathAttribute a = decoder.decode(value, ctx);
            if (value.isReadable()) {
                throw new IllegalStateException("decoder for attribute " + type + " left bytes unread");
            }
            return a;
        } catch (AttributeException e) {
            byte[] data =
                    e.code() == NotificationCode.MALFORMED_AS_PATH ? new byte[0] : bytes(buf, start, header + len);
            if (e.action() == ErrorAction.SESSION_RESET) {
                throw new BgpProtocolException(e.code(), data, "attribute " + type + ": " + e.getMessage());
            }
            errors.add(new UpdateError(e.action(), e.code(), type, data, "attribute " + type + ": " + e.getMessage()));
            return null;
        }
    }

    private static PathAttribute decodeOrigin(ByteBuf v, CodecContext ctx) throws AttributeException {
        if (v.readableBytes() != 1) {
            throw new AttributeException(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                    "ORIGIN length " + v.readableBytes() + ", must be 1");
        }
        int value = v.readUnsignedByte();
        if (value > 2) {
            // RFC 7606 §7.1: undefined ORIGIN value is treat-as-withdraw.
            throw new AttributeException(
                    ErrorAction.TREAT_AS_WITHDRAW,
                    NotificationCode.INVALID_ORIGIN_ATTRIBUTE,
                    "ORIGIN value " + value + " undefined");
        }
        return Origin.of(value);
    }

    static byte[] bytes(ByteBuf buf, int start, int length) {
        byte[] b = new byte[length];
        buf.getBytes(start, b);
        return b;
    }
}
