package io.podroute.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.CapabilityCodec;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.OpenMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN body (RFC 4271 §4.2): version(1), My AS(2), hold time(2), BGP identifier(4), optional parameters
 * length(1), optional parameters; or the RFC 9072 extended form (length 255, type 255, length(2),
 * parameters with 2-byte lengths). Validation follows RFC 4271 §6.2 where it needs no configuration;
 * the peer-AS and identifier-collision checks belong to the session.
 */
final class OpenCodec {
    private static final int CAPABILITIES_PARAMETER = 2;
    private static final int EXTENDED_PARAMETERS = 255;
    private static final byte[] NO_DATA = new byte[0];

    private OpenCodec() {}

    static OpenMessage decode(ByteBuf b) {
        int version = b.readUnsignedByte();
        if (version != OpenMessage.VERSION) {
            // §6.2: data is the largest locally supported version, 2 octets.
            throw new BgpProtocolException(
                    NotificationCode.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, 4},
                    "version " + version + " not supported (only 4)");
        }
        int myAs = b.readUnsignedShort();
        if (myAs == 0) {
            throw new BgpProtocolException(NotificationCode.BAD_PEER_AS, NO_DATA, "My AS is 0 (RFC 7607)");
        }
        int hold = b.readUnsignedShort();
        if (hold == 1 || hold == 2) {
            throw new BgpProtocolException(
                    NotificationCode.UNACCEPTABLE_HOLD_TIME,
                    NO_DATA,
                    "hold time " + hold + " s (must be 0 or at least 3)");
        }
        int id = b.readInt();
        if (id == 0) {
            throw new BgpProtocolException(NotificationCode.BAD_BGP_IDENTIFIER, NO_DATA, "BGP identifier 0.0.0.0");
        }
        int optLen = b.readUnsignedByte();
        boolean extended = false;
        if (optLen == EXTENDED_PARAMETERS
                && b.isReadable()
                && b.getUnsignedByte(b.readerIndex()) == EXTENDED_PARAMETERS) {
            // RFC 9072 §2: Non-Ext OP Len 255 and Non-Ext OP Type 255 announce 2-byte lengths.
            b.skipBytes(1);
            if (b.readableBytes() < 2) {
                throw malformed("extended optional parameters length truncated");
            }
            optLen = b.readUnsignedShort();
            extended = true;
        }
        if (optLen != b.readableBytes()) {
            throw malformed("optional parameters length " + optLen + " but " + b.readableBytes() + " octets follow");
        }
        List<List<Capability>> params = new ArrayList<>();
        while (b.isReadable()) {
            int headerLen = extended ? 3 : 2;
            if (b.readableBytes() < headerLen) {
                throw malformed("optional parameter header truncated");
            }
            int type = b.readUnsignedByte();
            int len = extended ? b.readUnsignedShort() : b.readUnsignedByte();
            if (len > b.readableBytes()) {
                throw malformed("optional parameter " + type + " length " + len + " overruns the message");
            }
            if (type != CAPABILITIES_PARAMETER) {
                throw new BgpProtocolException(
                        NotificationCode.UNSUPPORTED_OPTIONAL_PARAMETER,
                        NO_DATA,
                        "optional parameter type " + type + " (only capabilities, type 2, are supported)");
            }
            params.add(CapabilityCodec.decodeAll(b, len));
        }
        OpenMessage open = new OpenMessage(version, myAs, hold, id, params, extended);
        FourOctetAsCapability four = open.capability(FourOctetAsCapability.class);
        if (four != null && four.asn() == 0) {
            throw new BgpProtocolException(
                    NotificationCode.BAD_PEER_AS, NO_DATA, "4-octet AS capability carries AS 0 (RFC 7607)");
        }
        if (four == null && myAs == OpenMessage.AS_TRANS) {
            throw new BgpProtocolException(
                    NotificationCode.BAD_PEER_AS,
                    NO_DATA,
                    "My AS is AS_TRANS (23456) without the 4-octet AS capability (RFC 6793 §9)");
        }
        return open;
    }

    private static BgpProtocolException malformed(String why) {
        return new BgpProtocolException(NotificationCode.OPEN_MESSAGE_ERROR, NO_DATA, why);
    }

    static void encode(OpenMessage m, ByteBuf out) {
        out.writeByte(m.version());
        out.writeShort(m.myAs());
        out.writeShort(m.holdTime());
        out.writeInt(m.bgpIdentifier());
        int normal = 0;
        int ext = 0;
        for (List<Capability> p : m.parameters()) {
            int caps = CapabilityCodec.encodedLength(p);
            normal += 2 + caps;
            ext += 3 + caps;
        }
        // RFC 9072 §2: the extended format whenever asked for or needed (a parameter over 255 bytes
        // makes the total exceed 255 too).
        boolean extended = m.extendedParameters() || normal > 255;
        if (extended) {
            out.writeByte(EXTENDED_PARAMETERS);
            out.writeByte(EXTENDED_PARAMETERS);
            out.writeShort(ext);
        } else {
            out.writeByte(normal);
        }
        for (List<Capability> p : m.parameters()) {
            out.writeByte(CAPABILITIES_PARAMETER);
            int caps = CapabilityCodec.encodedLength(p);
            if (extended) {
                out.writeShort(caps);
            } else {
                out.writeByte(caps);
            }
            for (Capability c : p) {
                CapabilityCodec.encode(c, out);
            }
        }
    }
}
