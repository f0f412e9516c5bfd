package io.podroute.bgp.codec;

import static io.podroute.bgp.codec.Wire.attr;
import static io.podroute.bgp.codec.Wire.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.attribute.Aggregator;
import io.podroute.bgp.codec.attribute.AtomicAggregate;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7606 error handling of UPDATEs that does not end the session: one case per rule, asserting the
 * verdict, the would-be NOTIFICATION code and data, and that the prefixes stay available to withdraw.
 */
class UpdateErrorHandlingTest {
    private static final String ORIGIN = attr(0x40, 1, "00");
    private static final String AS_PATH = attr(0x40, 2, "02010000fde9");
    private static final String NEXT_HOP = attr(0x40, 3, "c0000201");
    private static final String NLRI = "18 0a0100";
    private static final String V6_REACH =
            attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 40 20010db800000001");

    static Stream<Arguments> verdicts() {
        return Stream.of(
                // RFC 7606 §3 c: Optional/Transitive bits in conflict with the type
                v(
                        "flags: ORIGIN marked optional",
                        ORIGIN.replaceFirst("40", "c0") + AS_PATH + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_FLAGS_ERROR,
                        1,
                        attr(0xc0, 1, "00")),
                v(
                        "flags: COMMUNITIES marked non-transitive",
                        base() + attr(0x80, 8, "fde90064"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_FLAGS_ERROR,
                        8,
                        attr(0x80, 8, "fde90064")),
                // RFC 7606 §7.1 ORIGIN
                v(
                        "ORIGIN length 2",
                        attr(0x40, 1, "0000") + AS_PATH + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        1,
                        attr(0x40, 1, "0000")),
                v(
                        "ORIGIN value 3",
                        attr(0x40, 1, "03") + AS_PATH + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.INVALID_ORIGIN_ATTRIBUTE,
                        1,
                        attr(0x40, 1, "03")),
                // RFC 7606 §7.2 AS_PATH (3/11 carries no data)
                v(
                        "AS_PATH unknown segment type 5",
                        ORIGIN + attr(0x40, 2, "05010000fde9") + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_AS_PATH,
                        2,
                        ""),
                v(
                        "AS_PATH segment of length 0",
                        ORIGIN + attr(0x40, 2, "0200") + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_AS_PATH,
                        2,
                        ""),
                v(
                        "AS_PATH segment overruns",
                        ORIGIN + attr(0x40, 2, "02020000fde9") + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_AS_PATH,
                        2,
                        ""),
                v(
                        "AS_PATH single trailing octet",
                        ORIGIN + attr(0x40, 2, "02010000fde902") + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_AS_PATH,
                        2,
                        ""),
                v(
                        "AS_PATH contains AS 0 (RFC 7607)",
                        ORIGIN + attr(0x40, 2, "020200000000fde9") + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_AS_PATH,
                        2,
                        ""),
                // RFC 7606 §7.3 NEXT_HOP, and RFC 4271 §6.3 semantic checks
                v(
                        "NEXT_HOP length 5",
                        ORIGIN + AS_PATH + attr(0x40, 3, "c000020100"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        3,
                        attr(0x40, 3, "c000020100")),
                v(
                        "NEXT_HOP 0.0.0.0",
                        ORIGIN + AS_PATH + attr(0x40, 3, "00000000"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE,
                        3,
                        attr(0x40, 3, "00000000")),
                v(
                        "NEXT_HOP multicast 224.0.0.5",
                        ORIGIN + AS_PATH + attr(0x40, 3, "e0000005"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE,
                        3,
                        attr(0x40, 3, "e0000005")),
                // RFC 7606 §7.4 / §7.5 / §7.9 / §7.10 fixed lengths
                v(
                        "MULTI_EXIT_DISC length 3",
                        base() + attr(0x80, 4, "000001"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        4,
                        attr(0x80, 4, "000001")),
                v(
                        "LOCAL_PREF length 2",
                        base() + attr(0x40, 5, "0064"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        5,
                        attr(0x40, 5, "0064")),
                v(
                        "ORIGINATOR_ID length 3",
                        base() + attr(0x80, 9, "0a0000"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        9,
                        attr(0x80, 9, "0a0000")),
                v(
                        "CLUSTER_LIST length 6",
                        base() + attr(0x80, 10, "0a0000010a00"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        10,
                        attr(0x80, 10, "0a0000010a00")),
                v(
                        "CLUSTER_LIST length 0",
                        base() + attr(0x80, 10, ""),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        10,
                        attr(0x80, 10, "")),
                // RFC 7606 §7.6 / §7.7 attribute-discard
                v(
                        "ATOMIC_AGGREGATE length 1",
                        base() + attr(0x40, 6, "00"),
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        6,
                        attr(0x40, 6, "00")),
                v(
                        "AGGREGATOR length 7",
                        base() + attr(0xc0, 7, "0000fde9c00002"),
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        7,
                        attr(0xc0, 7, "0000fde9c00002")),
                v(
                        "AGGREGATOR with AS 0 (RFC 7607)",
                        base() + attr(0xc0, 7, "00000000c0000201"),
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        7,
                        attr(0xc0, 7, "00000000c0000201")),
                // RFC 7606 §7.8, §7.14, RFC 8092 §6
                v(
                        "COMMUNITIES length 5",
                        base() + attr(0xc0, 8, "fde9006401"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        8,
                        attr(0xc0, 8, "fde9006401")),
                v(
                        "COMMUNITIES length 0",
                        base() + attr(0xc0, 8, ""),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        8,
                        attr(0xc0, 8, "")),
                v(
                        "EXTENDED_COMMUNITIES length 7",
                        base() + attr(0xc0, 16, "00020000fde900"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        16,
                        attr(0xc0, 16, "00020000fde900")),
                v(
                        "LARGE_COMMUNITY length 11",
                        base() + attr(0xc0, 32, "0000fde9000000010000"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        32,
                        attr(0xc0, 32, "0000fde9000000010000")),
                // RFC 6793 §4.1, §6: AS4 attributes
                v(
                        "AS4_PATH from a 4-octet speaker is discarded",
                        base() + attr(0xc0, 17, "02010000fde9"),
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        17,
                        attr(0xc0, 17, "02010000fde9")),
                // RFC 7606 §3 g: other duplicates: the later ones are discarded
                v(
                        "duplicate MULTI_EXIT_DISC",
                        base() + attr(0x80, 4, "00000001") + attr(0x80, 4, "00000002"),
                        ErrorAction.ATTRIBUTE_DISCARD,
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        4,
                        attr(0x80, 4, "00000002")),
                // RFC 7606 §3 d / RFC 4271 §6.3: missing well-known mandatory (data: the type code)
                v(
                        "missing ORIGIN",
                        AS_PATH + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE,
                        1,
                        "01"),
                v(
                        "missing AS_PATH",
                        ORIGIN + NEXT_HOP,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE,
                        2,
                        "02"),
                v(
                        "missing NEXT_HOP",
                        ORIGIN + AS_PATH,
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE,
                        3,
                        "03"),
                // RFC 4271 §6.3: unrecognized well-known attribute (handled as treat-as-withdraw)
                v(
                        "unrecognized well-known attribute 99",
                        base() + attr(0x40, 99, "01"),
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                        99,
                        attr(0x40, 99, "01")),
                // RFC 7606 §4: attribute field framing
                v(
                        "last attribute overruns the attribute field",
                        base() + "c008 08 fde90064",
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.ATTRIBUTE_LENGTH_ERROR,
                        8,
                        "c00808fde90064"),
                v(
                        "two octets left: too few for a header",
                        base() + "c008",
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                        -1,
                        ""));
    }

    private static String base() {
        return ORIGIN + AS_PATH + NEXT_HOP;
    }

    private static Arguments v(
            String name, String attrs, ErrorAction action, NotificationCode code, int type, String data) {
        return Arguments.of(name, attrs, action, code, type, data);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void errorIsHandledWithoutReset(
            String name, String attrs, ErrorAction action, NotificationCode code, int type, String data) {
        UpdateMessage u = decode(update("18 0a0900", attrs, NLRI));
        assertEquals(action, u.verdict(), () -> u.errors().toString());
        UpdateError e = u.errors().stream()
                .filter(x -> x.action() == action)
                .findFirst()
                .orElseThrow();
        assertEquals(code, e.code(), e.reason());
        assertEquals(type, e.attributeType(), e.reason());
        assertEquals(Wire.clean(data), HexFormat.of().formatHex(e.data()), "would-be NOTIFICATION data");
        // Whatever the verdict, every prefix stays located so that it can be withdrawn.
        assertEquals(Prefix.parse("10.1.0.0/24"), u.nlri().get(0));
        assertEquals(Prefix.parse("10.9.0.0/24"), u.withdrawn().get(0));
        if (action == ErrorAction.ATTRIBUTE_DISCARD) {
            assertTrue(u.attributes().list().stream().noneMatch(a -> a.typeCode() == type && type != 4));
        }
    }

    @Test
    void treatAsWithdrawStillLocatesMpReachPrefixes() {
        UpdateMessage u = decode(update("", attr(0x40, 1, "09") + AS_PATH + V6_REACH, ""));
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.verdict());
        assertEquals(Prefix.parse("2001:db8:0:1::/64"), u.mpReach().nlri().get(0));
    }

    @Test
    void mpReachWithBadFlagsIsStillParsedSoItsPrefixesCanBeWithdrawn() {
        String reach = V6_REACH.replaceFirst("80", "c0");
        UpdateMessage u = decode(update("", ORIGIN + AS_PATH + reach, ""));
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.verdict());
        assertEquals(NotificationCode.ATTRIBUTE_FLAGS_ERROR, u.errors().get(0).code());
        assertEquals(1, u.mpReach().prefixCount());
    }

    @Test
    void ipv6NextHopUnspecifiedIsNotUsed() {
        String reach = attr(0x80, 14, "0002 01 10 00000000000000000000000000000000 00 40 20010db800000001");
        UpdateMessage u = decode(update("", ORIGIN + AS_PATH + reach, ""));
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.verdict());
        assertEquals(
                NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE, u.errors().get(0).code());
    }

    @Test
    void onlyMpReachNeedsNoNextHopAttribute() {
        UpdateMessage u = decode(update("", ORIGIN + AS_PATH + V6_REACH, ""));
        assertEquals(ErrorAction.NONE, u.verdict(), u.errors().toString());
    }

    @Test
    void withdrawalOnlyUpdateNeedsNoAttributes() {
        UpdateMessage u = decode(update("18 0a0900", "", ""));
        assertEquals(ErrorAction.NONE, u.verdict());
        assertEquals(1, u.withdrawn().size());
    }

    @Test
    void discardedAttributeLeavesTheRestIntact() {
        UpdateMessage u =
                decode(update("", base() + attr(0xc0, 7, "0000fde9c00002") + attr(0x80, 4, "00000064"), NLRI));
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, u.verdict());
        assertNull(u.attributes().find(Aggregator.class));
        assertEquals(100, u.attributes().find(MultiExitDisc.class).value());
        assertEquals(Origin.IGP, u.attributes().find(Origin.class));
    }

    @Test
    void as4AttributesAreKeptFromATwoOctetSpeaker() {
        CodecContext legacy = CodecContext.LEGACY;
        String as2 = attr(0x40, 2, "0201 5ba0");
        String as4 = attr(0xc0, 17, "0201 fa56ea01");
        UpdateMessage u = decode(update("", ORIGIN + as2 + NEXT_HOP + as4, NLRI), legacy);
        assertEquals(ErrorAction.NONE, u.verdict(), u.errors().toString());
        assertEquals(4200000001L, u.effectiveAsPath().firstAs());
    }

    @Test
    void malformedAs4PathFromTwoOctetSpeakerIsDiscardedAndWireAsPathUsed() {
        String as2 = attr(0x40, 2, "0201 fde9");
        UpdateMessage u = decode(
                update("", ORIGIN + as2 + NEXT_HOP + attr(0xc0, 17, "0202 fa56ea01"), NLRI), CodecContext.LEGACY);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, u.verdict());
        assertEquals(65001L, u.effectiveAsPath().firstAs());
    }

    @Test
    void unusedLowFlagBitsAreIgnoredOnReceiptAndZeroOnSend() {
        byte[] in = update("", attr(0x4f, 1, "00") + AS_PATH + NEXT_HOP, NLRI);
        UpdateMessage u = decode(in);
        assertEquals(ErrorAction.NONE, u.verdict());
        byte[] out = encode(u, CodecContext.MODERN);
        byte[] expected = in.clone();
        expected[19 + 2 + 2] = 0x40;
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(out));
    }

    @Test
    void unknownOptionalTransitiveIsKeptAndGetsPartialWhenPassedOn() {
        UpdateMessage u = decode(update("", base() + attr(0xc0, 0xf0, "0102"), NLRI));
        UnknownAttribute x = u.attributes().find(UnknownAttribute.class);
        assertNotNull(x);
        assertFalse(x.isPartial());
        assertTrue(x.withPartial().isPartial());
        assertEquals(
                PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE | PathAttribute.FLAG_PARTIAL,
                x.withPartial().flags());
    }

    @Test
    void endOfRibMarkersAreRecognised() {
        assertEquals(Family.IPV4_UNICAST, decode(update("", "", "")).endOfRibFamily());
        assertEquals(
                Family.IPV6_UNICAST,
                decode(update("", attr(0x80, 15, "000201"), "")).endOfRibFamily());
        assertNull(decode(update("", base(), NLRI)).endOfRibFamily());
    }

    @Test
    void unknownFamilyInMpReachIsKeptOpaque() {
        String reach = attr(0x80, 14, "0001 80 0c 000000000000000000000001 00 5800000100000001");
        byte[] in = update("", ORIGIN + AS_PATH + reach, "");
        UpdateMessage u = decode(in);
        assertEquals(ErrorAction.NONE, u.verdict());
        assertEquals(Family.of(1, 128), u.mpReach().family());
        assertEquals(HexFormat.of().formatHex(in), HexFormat.of().formatHex(encode(u, CodecContext.MODERN)));
    }

    @Test
    void extendedLengthFlagOnAShortAttributeIsKept() {
        byte[] in = update("", ORIGIN + attr(0x50, 2, "02010000fde9") + NEXT_HOP + attr(0xd0, 8, "fde90064"), NLRI);
        UpdateMessage u = decode(in);
        assertEquals(1, u.attributes().find(Communities.class).size());
        assertEquals(HexFormat.of().formatHex(in), HexFormat.of().formatHex(encode(u, CodecContext.MODERN)));
    }

    @Test
    void atomicAggregateDecodes() {
        UpdateMessage u = decode(update("", base() + attr(0x40, 6, ""), NLRI));
        assertEquals(AtomicAggregate.INSTANCE, u.attributes().find(AtomicAggregate.class));
    }

    static UpdateMessage decode(byte[] bytes) {
        return decode(bytes, CodecContext.MODERN);
    }

    static UpdateMessage decode(byte[] bytes, CodecContext ctx) {
        return (UpdateMessage) BgpCodec.decode(Unpooled.wrappedBuffer(bytes), ctx);
    }

    static byte[] encode(UpdateMessage u, CodecContext ctx) {
        ByteBuf out = Unpooled.buffer();
        try {
            BgpCodec.encode(u, ctx, out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }
}
