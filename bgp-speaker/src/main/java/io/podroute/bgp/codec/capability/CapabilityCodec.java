package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.nlri.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and encodes the capability TLVs inside an OPEN's Capabilities optional parameter (RFC 5492
 * §4: code(1), length(1), value). A TLV that overruns its parameter, or a known capability whose value
 * has the wrong length, is an OPEN Message Error with subcode 0 (unspecific) carrying the TLV as data.
 */
public final class CapabilityCodec {
    private CapabilityCodec() {}

    /** Decodes all TLVs in {@code length} bytes at the reader index, advancing past them. */
    public static List<Capability> decodeAll(ByteBuf buf, int length) {
        int end = buf.readerIndex() + length;
        List<Capability> out = new ArrayList<>();
        while (buf.readerIndex() < end) {
            int start = buf.readerIndex();
            if (end - start < 2) {
                throw malformed(buf, start, end - start, "capability header truncated");
            }
            int code = buf.readUnsignedByte();
            int len = buf.readUnsignedByte();
            if (len > end - buf.readerIndex()) {
                throw malformed(
                        buf,
                        start,
                        end - start,
                        "capability " + code + " length " + len + " overruns the optional parameter");
            }
            ByteBuf value = buf.readSlice(len);
            out.add(decodeOne(code, value, buf, start, 2 + len));
        }
        return out;
    }

    private static Capability decodeOne(int code, ByteBuf v, ByteBuf buf, int tlvStart, int tlvLength) {
        int len = v.readableBytes();
        switch (code) {
            case Capability.MULTIPROTOCOL:
                expect(len == 4, buf, tlvStart, tlvLength, "multiprotocol capability length must be 4");
                int afi = v.readUnsignedShort();
                v.skipBytes(1);
                return new MultiprotocolCapability(Family.of(afi, v.readUnsignedByte()));
            case Capability.ROUTE_REFRESH:
                expect(len == 0, buf, tlvStart, tlvLength, "route refresh capability length must be 0");
                return RouteRefreshCapability.INSTANCE;
            case Capability.ENHANCED_ROUTE_REFRESH:
                expect(len == 0, buf, tlvStart, tlvLength, "enhanced route refresh capability length must be 0");
                return EnhancedRouteRefreshCapability.INSTANCE;
            case Capability.EXTENDED_MESSAGE:
                expect(len == 0, buf, tlvStart, tlvLength, "extended message capability length must be 0");
                return ExtendedMessageCapability.INSTANCE;
            case Capability.FOUR_OCTET_AS:
                expect(len == 4, buf, tlvStart, tlvLength, "4-octet AS capability length must be 4");
                return new FourOctetAsCapability(v.readInt());
            case Capability.GRACEFUL_RESTART:
                expect(
                        len >= 2 && (len - 2) % 4 == 0,
                        buf,
                        tlvStart,
                        tlvLength,
                        "graceful restart capability length must be 2 + 4n");
                int word = v.readUnsignedShort();
                List<GracefulRestartCapability.FamilyEntry> gr = new ArrayList<>((len - 2) / 4);
                while (v.isReadable()) {
                    Family f = Family.of(v.readUnsignedShort(), v.readUnsignedByte());
                    gr.add(new GracefulRestartCapability.FamilyEntry(f, v.readUnsignedByte()));
                }
                return new GracefulRestartCapability(word >>> 12, word & 0xFFF, gr);
            case Capability.ADD_PATH:
                expect(
                        len > 0 && len % 4 == 0,
                        buf,
                        tlvStart,
                        tlvLength,
                        "add-path capability length must be 4n, n > 0");
                List<AddPathCapability.FamilyEntry> ap = new ArrayList<>(len / 4);
                while (v.isReadable()) {
                    Family f = Family.of(v.readUnsignedShort(), v.readUnsignedByte());
                    ap.add(new AddPathCapability.FamilyEntry(f, v.readUnsignedByte()));
                }
                return new AddPathCapability(ap);
            default:
                byte[] raw = new byte[len];
                v.readBytes(raw);
                return new UnknownCapability(code, raw);
        }
    }

    /** Writes one TLV. */
    public static void encode(Capability c, ByteBuf out) {
        int len = c.valueLength();
        if (len > 0xFF) {
            throw new IllegalArgumentException("capability " + c.code() + " value longer than 255 bytes");
        }
        out.writeByte(c.code());
        out.writeByte(len);
        c.writeValue(out);
    }

    /** Bytes {@link #encode} writes for all of {@code caps}. */
    public static int encodedLength(List<Capability> caps) {
        int n = 0;
        for (Capability c : caps) {
            n += 2 + c.valueLength();
        }
        return n;
    }

    private static void expect(boolean ok, ByteBuf buf, int start, int length, String why) {
        if (!ok) {
            throw malformed(buf, start, length, why);
        }
    }

    private static BgpProtocolException malformed(ByteBuf buf, int start, int length, String why) {
        byte[] data = new byte[length];
        buf.getBytes(start, data);
        return new BgpProtocolException(NotificationCode.OPEN_MESSAGE_ERROR, data, "malformed capability: " + why);
    }
}
