package io.podroute.bgp.json;

import static io.podroute.bgp.json.JsonRoundTrip.parse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link BgpJson#fromJson} rejects malformed input with a message that starts with the JSON path of the field. */
class BgpJsonMalformedTest {
    private static String upd(String attributes) {
        return "{\"type\":\"UPDATE\",\"attributes\":[" + attributes + "]}";
    }

    private static String opn(String myAs, String id, String parameters) {
        return "{\"type\":\"OPEN\",\"myAs\":" + myAs + ",\"holdTime\":90,\"bgpIdentifier\":\"" + id
                + "\",\"parameters\":" + parameters + "}";
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(
                        upd("{\"type\":\"ORIGIN\",\"value\":\"IGP\"},{\"type\":\"NEXT_HOP\",\"address\":\"1.2.3.4\"},"
                                + "{\"type\":\"AS_PATH\",\"segments\":[{\"type\":\"AS_SEQUENCE\",\"asns\":[1,-5]}]}"),
                        "attributes[2].segments[0].asns[1]: not an unsigned 32-bit number"),
                Arguments.of(
                        upd("{\"type\":\"AS4_PATH\",\"segments\":[{\"type\":\"AS_SEQUENCE\",\"asns\":[4294967296]}]}"),
                        "attributes[0].segments[0].asns[0]: not an unsigned 32-bit number"),
                Arguments.of(
                        upd("{\"type\":\"AS_PATH\",\"segments\":[{\"type\":\"AS_SEQ\",\"asns\":[1]}]}"),
                        "attributes[0].segments[0].type: segment type must be"),
                Arguments.of(
                        upd("{\"type\":\"AS_PATH\",\"segments\":[{\"type\":\"AS_SET\",\"asns\":[]}]}"),
                        "attributes[0].segments[0].asns: a segment holds 1..255 AS numbers"),
                Arguments.of(upd("{\"type\":\"ORIGIN\",\"value\":\"BGP\"}"), "attributes[0].value: ORIGIN must be"),
                Arguments.of(upd("{\"type\":\"ORIGIN\",\"valu\":\"IGP\"}"), "attributes[0].valu: unknown field"),
                Arguments.of(
                        upd("{\"type\":\"ORIGIN\",\"flags\":\"0x41\",\"value\":\"IGP\"}"),
                        "attributes[0].flags: the low four flag bits"),
                Arguments.of(
                        upd("{\"type\":\"ORIGIN\",\"flags\":\"40\",\"value\":\"IGP\"}"),
                        "attributes[0].flags: flags must be a hex string"),
                Arguments.of(
                        upd("{\"type\":\"NEXT_HOP\",\"address\":\"10.0.0\"}"),
                        "attributes[0].address: not a dotted-quad IPv4 address"),
                Arguments.of(
                        upd("{\"type\":\"NEXT_HOP\",\"address\":\"2001:db8::1\"}"),
                        "attributes[0].address: not a dotted-quad IPv4 address"),
                Arguments.of(
                        upd("{\"type\":\"LOCAL_PREF\",\"value\":\"100\"}"),
                        "attributes[0].value: not an unsigned 32-bit number"),
                Arguments.of(
                        upd("{\"type\":\"COMMUNITIES\",\"communities\":[\"1:2\",\"65536:1\"]}"),
                        "attributes[0].communities[1]: part 1 of '65536:1' is not an unsigned 16-bit number"),
                Arguments.of(
                        upd("{\"type\":\"COMMUNITIES\",\"communities\":[]}"),
                        "attributes[0].communities: must hold at least one entry"),
                Arguments.of(
                        upd("{\"type\":\"LARGE_COMMUNITY\",\"communities\":[\"1:2\"]}"),
                        "attributes[0].communities[0]: expected a community like"),
                Arguments.of(
                        upd("{\"type\":\"EXTENDED_COMMUNITIES\",\"communities\":[\"0002fde9\"]}"),
                        "attributes[0].communities[0]: an extended community is 16 hex digits"),
                Arguments.of(
                        upd("{\"type\":\"CLUSTER_LIST\",\"clusterIds\":[\"1.2.3.4\",5]}"),
                        "attributes[0].clusterIds[1]: expected a string"),
                Arguments.of(
                        upd(
                                "{\"type\":\"MP_REACH_NLRI\",\"family\":\"ipv6-unicast\",\"nextHop\":[\"2001:db8::1\"],\"nlri\":[\"2001:db8::/32\",{\"prefix\":\"2001:db8:1::/48\",\"pathId\":-1}]}"),
                        "attributes[0].nlri[1].pathId: not an unsigned 32-bit number"),
                Arguments.of(
                        upd(
                                "{\"type\":\"MP_REACH_NLRI\",\"family\":\"ipv6-unicast\",\"nextHop\":[\"2001:db8::1\"],\"nlri\":[\"10.0.0.0/8\"]}"),
                        "attributes[0].nlri[0]: not an IPv6 prefix"),
                Arguments.of(
                        upd(
                                "{\"type\":\"MP_REACH_NLRI\",\"family\":\"ipv6-unicast\",\"nextHop\":[\"2001:db8::g\"],\"nlri\":[]}"),
                        "attributes[0].nextHop[0]: not an IPv6 address"),
                Arguments.of(
                        upd("{\"type\":\"MP_UNREACH_NLRI\",\"family\":\"ipv7-unicast\",\"withdrawn\":[]}"),
                        "attributes[0].family: unknown address family"),
                Arguments.of(
                        upd("{\"type\":\"MP_UNREACH_NLRI\",\"family\":\"afi-1-safi-128\",\"withdrawn\":[]}"),
                        "attributes[0].withdrawn: NLRI of family afi-1-safi-128 must be a hex string"),
                Arguments.of(upd("{\"type\":99,\"value\":\"00\"}"), "attributes[0].flags: missing"),
                Arguments.of(
                        upd("{\"type\":99,\"flags\":\"0xc0\",\"value\":\"0g\"}"),
                        "attributes[0].value: not a hex string"),
                Arguments.of(
                        upd("{\"type\":256,\"flags\":\"0xc0\",\"value\":\"\"}"),
                        "attributes[0].type: not an unsigned 8-bit number"),
                Arguments.of(upd("{\"type\":\"FOO\"}"), "attributes[0].type: unknown attribute type 'FOO'"),
                Arguments.of(upd("[]"), "attributes[0]: expected an object"),
                Arguments.of("{\"type\":\"UPDATE\",\"nlri\":[\"10.0.0.0/33\"]}", "nlri[0]: prefix length out of range"),
                Arguments.of(
                        "{\"type\":\"UPDATE\",\"withdrawn\":[\"2001:db8::/32\"]}", "withdrawn[0]: not an IPv4 prefix"),
                Arguments.of(
                        "{\"type\":\"UPDATE\",\"nlri\":[{\"prefix\":\"10.0.0.0/8\",\"id\":1}]}",
                        "nlri[0].id: unknown field"),
                Arguments.of("{\"type\":\"UPDATE\",\"nlri\":\"10.0.0.0/8\"}", "nlri: expected an array"),
                Arguments.of(opn("70000", "1.2.3.4", "[]"), "myAs: not an unsigned 16-bit number"),
                Arguments.of(opn("65001", "1.2.3", "[]"), "bgpIdentifier: not a dotted-quad IPv4 address"),
                Arguments.of(opn("65001", "1.2.3.4", "[{}]"), "parameters[0]: expected an array"),
                Arguments.of(
                        opn("65001", "1.2.3.4", "[[{\"code\":1,\"family\":\"ipv5\"}]]"),
                        "parameters[0][0].family: unknown address family"),
                Arguments.of(
                        opn("65001", "1.2.3.4", "[[{\"name\":\"FOUR_OCTET_AS\",\"asn\":-1}]]"),
                        "parameters[0][0].asn: not an unsigned 32-bit number"),
                Arguments.of(
                        opn("65001", "1.2.3.4", "[[{\"name\":\"FOUR_OCTET_AS\",\"code\":2,\"asn\":1}]]"),
                        "parameters[0][0].code: code 2 does not match name FOUR_OCTET_AS"),
                Arguments.of(
                        opn("65001", "1.2.3.4", "[[{\"name\":\"GRACEFUL_RESTART\",\"restartTime\":5000}]]"),
                        "parameters[0][0].restartTime: not a restart time"),
                Arguments.of(
                        opn(
                                "65001",
                                "1.2.3.4",
                                "[[{\"name\":\"ADD_PATH\",\"families\":[{\"family\":\"ipv4-unicast\",\"sendReceive\":\"maybe\"}]}]]"),
                        "parameters[0][0].families[0].sendReceive: sendReceive must be"),
                Arguments.of(
                        opn("65001", "1.2.3.4", "[[{\"name\":\"BOGUS\"}]]"),
                        "parameters[0][0].name: unknown capability name"),
                Arguments.of(opn("65001", "1.2.3.4", "[[{\"code\":99}]]"), "parameters[0][0].value: missing"),
                Arguments.of(
                        "{\"type\":\"NOTIFICATION\",\"code\":256,\"subcode\":0}", "code: not an unsigned 8-bit number"),
                Arguments.of(
                        "{\"type\":\"NOTIFICATION\",\"code\":6,\"data\":\"abc\"}",
                        "data: not a hex string: odd number of digits"),
                Arguments.of("{\"type\":\"NOTIFICATION\",\"name\":\"nope\"}", "name: unknown NOTIFICATION name"),
                Arguments.of("{\"type\":\"ROUTE-REFRESH\"}", "family: missing"),
                Arguments.of(
                        "{\"type\":\"ROUTE-REFRESH\",\"family\":\"ipv4-unicast\",\"subtype\":300}",
                        "subtype: not an unsigned 8-bit number"),
                Arguments.of("{\"type\":\"KEEPALIVE\",\"extra\":1}", "extra: unknown field"),
                Arguments.of("{\"type\":\"HELLO\"}", "type: unknown message type 'HELLO'"),
                Arguments.of("{\"type\":2}", "type: expected a string"),
                Arguments.of("{}", "type: missing"),
                Arguments.of("[1]", "<root>: expected an object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void rejectsMalformedJsonNamingThePath(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BgpJson.fromJson(parse(json)));
        assertTrue(
                e.getMessage().startsWith(expected),
                () -> "expected '" + expected + "...', got '" + e.getMessage() + "'");
    }
}
