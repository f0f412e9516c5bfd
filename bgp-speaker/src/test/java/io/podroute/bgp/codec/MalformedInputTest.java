package io.podroute.bgp.codec;

import static io.podroute.bgp.codec.Wire.attr;
import static io.podroute.bgp.codec.Wire.basicAttrs;
import static io.podroute.bgp.codec.Wire.capParam;
import static io.podroute.bgp.codec.Wire.message;
import static io.podroute.bgp.codec.Wire.openBody;
import static io.podroute.bgp.codec.Wire.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One malformed input per error subcode of RFC 4271 §6.1–6.3 (and RFC 6793, 7313, 7607, 9072) that ends
 * the session: each asserts the NOTIFICATION code, subcode and data, and the action. Errors that RFC
 * 7606 handles without a reset are in {@link UpdateErrorHandlingTest}.
 */
class MalformedInputTest {
    private static final String ID = "c0000201";
    private static final String FOUR_OCTET_65001 = "41040000fde9";

    static Stream<Arguments> sessionResets() {
        String keepalive = Wire.MARKER + "001304";
        return Stream.of(
                // RFC 4271 §6.1 Message Header Error
                reset(
                        "1/1 marker not all ones",
                        hex("fe" + keepalive.substring(2)),
                        NotificationCode.CONNECTION_NOT_SYNCHRONIZED,
                        ""),
                reset(
                        "1/2 length field below 19",
                        hex(Wire.MARKER + "001204"),
                        NotificationCode.BAD_MESSAGE_LENGTH,
                        "0012"),
                reset(
                        "1/2 length above 4096 without extended messages",
                        withLength(message(2, "0000 0000"), 4097),
                        NotificationCode.BAD_MESSAGE_LENGTH,
                        "1001"),
                reset(
                        "1/2 header length disagrees with the bytes",
                        withLength(message(4, ""), 20),
                        NotificationCode.BAD_MESSAGE_LENGTH,
                        "0014"),
                reset("1/2 KEEPALIVE longer than 19", message(4, "00"), NotificationCode.BAD_MESSAGE_LENGTH, "0014"),
                reset(
                        "1/2 OPEN shorter than 29",
                        message(1, "04fde9005ac0000201"),
                        NotificationCode.BAD_MESSAGE_LENGTH,
                        "001c"),
                reset("1/2 UPDATE shorter than 23", message(2, "0000"), NotificationCode.BAD_MESSAGE_LENGTH, "0015"),
                reset(
                        "1/2 NOTIFICATION shorter than 21",
                        message(3, "06"),
                        NotificationCode.BAD_MESSAGE_LENGTH,
                        "0014"),
                reset(
                        "1/2 ROUTE-REFRESH not 23 bytes",
                        message(5, "0001000100"),
                        NotificationCode.BAD_MESSAGE_LENGTH,
                        "0018"),
                reset("1/2 truncated header", hex(Wire.MARKER + "00"), NotificationCode.BAD_MESSAGE_LENGTH, ""),
                reset("1/3 unknown message type 6", message(6, ""), NotificationCode.BAD_MESSAGE_TYPE, "06"),
                reset("1/3 message type 0", message(0, ""), NotificationCode.BAD_MESSAGE_TYPE, "00"),
                // RFC 7313 §5: the data is the whole ROUTE-REFRESH
                reset(
                        "7/1 enhanced ROUTE-REFRESH of bad length",
                        message(5, "0001010100"),
                        NotificationCode.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH,
                        Wire.MARKER + "0018050001010100"),
                // RFC 4271 §6.2 OPEN Message Error
                reset(
                        "2/1 version 3",
                        message(1, openBody(3, 65001, 90, ID, "")),
                        NotificationCode.UNSUPPORTED_VERSION_NUMBER,
                        "0004"),
                reset(
                        "2/2 My AS 0 (RFC 7607)",
                        message(1, openBody(4, 0, 90, ID, "")),
                        NotificationCode.BAD_PEER_AS,
                        ""),
                reset(
                        "2/2 AS_TRANS without 4-octet capability (RFC 6793)",
                        message(1, openBody(4, 23456, 90, ID, "")),
                        NotificationCode.BAD_PEER_AS,
                        ""),
                reset(
                        "2/2 4-octet capability with AS 0 (RFC 7607)",
                        message(1, openBody(4, 23456, 90, ID, capParam("410400000000"))),
                        NotificationCode.BAD_PEER_AS,
                        ""),
                reset(
                        "2/3 BGP identifier 0",
                        message(1, openBody(4, 65001, 90, "00000000", "")),
                        NotificationCode.BAD_BGP_IDENTIFIER,
                        ""),
                reset(
                        "2/4 optional parameter type 1 (authentication)",
                        message(1, openBody(4, 65001, 90, ID, "0100")),
                        NotificationCode.UNSUPPORTED_OPTIONAL_PARAMETER,
                        ""),
                reset(
                        "2/6 hold time 1",
                        message(1, openBody(4, 65001, 1, ID, "")),
                        NotificationCode.UNACCEPTABLE_HOLD_TIME,
                        ""),
                reset(
                        "2/6 hold time 2",
                        message(1, openBody(4, 65001, 2, ID, "")),
                        NotificationCode.UNACCEPTABLE_HOLD_TIME,
                        ""),
                reset(
                        "2/0 capability TLV overruns its parameter",
                        message(1, openBody(4, 65001, 90, ID, "0203 4104 00")),
                        NotificationCode.OPEN_MESSAGE_ERROR,
                        "410400"),
                reset(
                        "2/0 4-octet AS capability of length 2",
                        message(1, openBody(4, 65001, 90, ID, capParam("4102fde9"))),
                        NotificationCode.OPEN_MESSAGE_ERROR,
                        "4102fde9"),
                reset(
                        "2/0 multiprotocol capability of length 3",
                        message(1, openBody(4, 65001, 90, ID, capParam("0103000101"))),
                        NotificationCode.OPEN_MESSAGE_ERROR,
                        "0103000101"),
                reset(
                        "2/0 graceful restart capability of length 3",
                        message(1, openBody(4, 65001, 90, ID, capParam("4003007800"))),
                        NotificationCode.OPEN_MESSAGE_ERROR,
                        "4003007800"),
                reset(
                        "2/0 optional parameters length beyond the message",
                        message(
                                1,
                                "04fde9005a" + ID + "08"
                                        + capParam(FOUR_OCTET_65001).substring(0, 6)),
                        NotificationCode.OPEN_MESSAGE_ERROR,
                        ""),
                reset(
                        "2/0 optional parameter header truncated",
                        message(1, openBody(4, 65001, 90, ID, "02")),
                        NotificationCode.OPEN_MESSAGE_ERROR,
                        ""),
                // RFC 4271 §6.3 UPDATE Message Error that still end the session under RFC 7606
                reset(
                        "3/1 withdrawn routes length exceeds the message",
                        message(2, "0010 0000"),
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        ""),
                reset(
                        "3/1 total attribute length exceeds the message",
                        message(2, "0000 0010"),
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        ""),
                reset(
                        "3/1 MP_REACH_NLRI twice (RFC 7606 §3 g)",
                        update(
                                "",
                                basicAttrs()
                                        + attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00")
                                        + attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00"),
                                ""),
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        ""),
                reset(
                        "3/1 MP_UNREACH_NLRI twice (RFC 7606 §3 g)",
                        update("", attr(0x80, 15, "000201") + attr(0x80, 15, "000201"), ""),
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        ""),
                reset(
                        "3/9 MP_REACH_NLRI IPv6 next hop of 4 bytes (RFC 7606 §7.11)",
                        update("", basicAttrs() + attr(0x80, 14, "0002 01 04 c0000201 00 40 20010db800000001"), ""),
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        attr(0x80, 14, "0002 01 04 c0000201 00 40 20010db800000001")),
                reset(
                        "3/9 MP_REACH_NLRI shorter than 5 bytes",
                        update("", basicAttrs() + attr(0x80, 14, "000201"), ""),
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        attr(0x80, 14, "000201")),
                reset(
                        "3/9 MP_REACH_NLRI prefix length 129 (RFC 7606 §5.3)",
                        update(
                                "",
                                basicAttrs() + attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 81 20"),
                                ""),
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 81 20")),
                reset(
                        "3/9 MP_UNREACH_NLRI prefix overruns (RFC 7606 §5.3)",
                        update("", attr(0x80, 15, "000201 40 2001"), ""),
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        attr(0x80, 15, "000201 40 2001")),
                reset(
                        "3/9 MP_UNREACH_NLRI overruns the attribute field (RFC 7606 §4)",
                        update("", "800f10 000201", ""),
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        "800f10000201"),
                reset(
                        "3/10 NLRI prefix length 33 (RFC 7606 §5.3)",
                        update("", basicAttrs(), "21 0a000000 00"),
                        NotificationCode.INVALID_NETWORK_FIELD,
                        ""),
                reset(
                        "3/10 NLRI prefix overruns the message",
                        update("", basicAttrs(), "18 0a00"),
                        NotificationCode.INVALID_NETWORK_FIELD,
                        ""),
                reset(
                        "3/10 withdrawn prefix length 40",
                        update("28 0a000000 00", "", ""),
                        NotificationCode.INVALID_NETWORK_FIELD,
                        ""),
                // RFC 7606 §5.2: treat-as-withdraw needs prefixes; an error in an UPDATE without any resets.
                reset(
                        "3/6 bad ORIGIN in an UPDATE without NLRI",
                        update("", attr(0x40, 1, "07"), ""),
                        NotificationCode.INVALID_ORIGIN_ATTRIBUTE,
                        attr(0x40, 1, "07")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessionResets")
    void sessionResetCarriesTheRightNotification(String name, byte[] bytes, NotificationCode code, String data) {
        BgpProtocolException e = assertThrows(
                BgpProtocolException.class, () -> BgpCodec.decode(Unpooled.wrappedBuffer(bytes), CodecContext.MODERN));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(Wire.clean(data), HexFormat.of().formatHex(e.data()), "NOTIFICATION data");
        assertEquals(ErrorAction.SESSION_RESET, e.action());
    }

    private static Arguments reset(String name, byte[] bytes, NotificationCode code, String data) {
        return Arguments.of(name, bytes, code, data);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(Wire.clean(s));
    }

    private static byte[] withLength(byte[] msg, int length) {
        byte[] b = msg.clone();
        b[16] = (byte) (length >>> 8);
        b[17] = (byte) length;
        return b;
    }
}
