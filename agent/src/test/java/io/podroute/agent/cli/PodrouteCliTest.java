package io.podroute.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PodrouteCliTest {
    /** ORIGIN IGP, AS_PATH 65001 4200000001 (4-octet), NEXT_HOP 192.0.2.1, COMMUNITIES 65001:100; 10.1.0.0/24, 10.2.0.0/16. */
    private static final String UPDATE =
            "ffffffffffffffffffffffffffffffff003d020000001f4001010040020a02020000fde9fa56ea01"
                    + "400304c0000201c00804fde90064180a0100100a02";
    /** The same route with a 2-octet AS_PATH 65001 65002. */
    private static final String UPDATE_AS2 =
            "ffffffffffffffffffffffffffffffff002f0200000014400101004002060202fde9fdea400304c0000201180a0100";

    private static final String KEEPALIVE = "ffffffffffffffffffffffffffffffff001304";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Result(int status, String out, String err) {
        List<JsonNode> json() throws IOException {
            List<JsonNode> docs = new ArrayList<>();
            try (var it = MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
                while (it.hasNextValue()) {
                    docs.add(it.nextValue());
                }
            }
            return docs;
        }
    }

    private static Result piped(String stdin, String... args) {
        CommandLine cl = PodrouteCli.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    private static Result cli(String... args) {
        return piped("", args);
    }

    @Test
    void decodesAnUpdate() throws IOException {
        Result r = cli("bgp", "decode", UPDATE);
        assertEquals(0, r.status(), r.err());
        JsonNode j = r.json().get(0);
        assertEquals("UPDATE", j.get("type").asText());
        assertEquals("[\"10.1.0.0/24\",\"10.2.0.0/16\"]", j.get("nlri").toString());
        assertEquals("[]", j.get("withdrawn").toString());
        JsonNode attrs = j.get("attributes");
        assertEquals(
                "{\"type\":\"ORIGIN\",\"flags\":\"0x40\",\"value\":\"IGP\"}",
                attrs.get(0).toString());
        assertEquals(
                "{\"type\":\"AS_PATH\",\"flags\":\"0x40\",\"segments\":[{\"type\":\"AS_SEQUENCE\",\"asns\":[65001,4200000001]}]}",
                attrs.get(1).toString());
        assertEquals("192.0.2.1", attrs.get(2).get("address").asText());
        assertEquals("[\"65001:100\"]", attrs.get(3).get("communities").toString());
        assertFalse(j.has("errors"));
        assertTrue(r.out().startsWith("{\n  \"type\": \"UPDATE\",\n"), r.out());
    }

    @Test
    void twoOctetAsChangesAsPathParsing() throws IOException {
        JsonNode two = cli("bgp", "decode", "--two-octet-as", UPDATE_AS2).json().get(0);
        assertEquals("[65001,65002]", two.at("/attributes/1/segments/0/asns").toString());
        assertFalse(two.has("verdict"));
        // Read as 4-octet (the default), the AS_PATH is malformed: treat-as-withdraw.
        Result four = cli("bgp", "decode", UPDATE_AS2);
        assertEquals(0, four.status());
        JsonNode j = four.json().get(0);
        assertEquals("treat-as-withdraw", j.get("verdict").asText());
        assertEquals(11, j.at("/errors/0/subcode").asInt());
    }

    @Test
    void garbageIsReportedAndDecodingGoesOn() throws IOException {
        Result r = cli("bgp", "decode", "--compact", "00112233", "zz", KEEPALIVE);
        assertEquals(1, r.status());
        List<JsonNode> docs = r.json();
        assertEquals(3, docs.size(), r.out());
        JsonNode e = docs.get(0).get("error");
        assertEquals(1, e.get("code").asInt());
        assertEquals(2, e.get("subcode").asInt());
        assertEquals("1/2 bad-message-length", e.get("name").asText());
        assertEquals("session-reset", e.get("action").asText());
        assertEquals("00112233", e.get("input").asText());
        assertTrue(
                docs.get(1).at("/error/reason").asText().startsWith("not hex"),
                docs.get(1).toString());
        assertEquals("KEEPALIVE", docs.get(2).get("type").asText());
        assertEquals(3, r.out().strip().split("\n", -1).length, "--compact prints one line per message");

        JsonNode marker = cli("bgp", "decode", "00".repeat(19)).json().get(0).get("error");
        assertEquals("1/1 connection-not-synchronized", marker.get("name").asText());
    }

    @Test
    void splitsConcatenatedMessagesAndToleratesSeparators() throws IOException {
        String spaced = (KEEPALIVE + UPDATE).replaceAll("(..)", "$1:").replace("ff:ff:", "ff ff\n");
        Result r = cli("bgp", "decode", "--compact", spaced);
        assertEquals(0, r.status(), r.out());
        assertEquals(2, r.json().size());
        assertEquals("UPDATE", r.json().get(1).get("type").asText());
    }

    @Test
    void readsStdinIncludingVectorFileLines() throws IOException {
        String stdin = "# a capture\n\n!context four-octet-as=false add-path-receive= extended-message=false\n"
                + "UPDATE " + UPDATE_AS2 + "\n" + KEEPALIVE + "\n";
        Result r = piped(stdin, "bgp", "decode");
        assertEquals(0, r.status(), r.out());
        List<JsonNode> docs = r.json();
        assertEquals(2, docs.size());
        assertEquals(
                "[65001,65002]", docs.get(0).at("/attributes/1/segments/0/asns").toString());
    }

    @Test
    void encodeOfDecodeGivesTheSameBytes() {
        String json = cli("bgp", "decode", UPDATE, KEEPALIVE).out();
        Result r = piped(json, "bgp", "encode");
        assertEquals(0, r.status(), r.err());
        assertEquals(UPDATE + "\n" + KEEPALIVE + "\n", r.out());

        String as2 = cli("bgp", "decode", "--two-octet-as", UPDATE_AS2).out();
        assertEquals(
                UPDATE_AS2 + "\n", piped(as2, "bgp", "encode", "--two-octet-as").out());

        String lines = cli("bgp", "decode", "--compact", KEEPALIVE, UPDATE).out();
        assertEquals(
                KEEPALIVE + "\n" + UPDATE + "\n", piped(lines, "bgp", "encode").out());
        assertEquals(
                KEEPALIVE + "\n",
                piped("[{\"type\":\"KEEPALIVE\"}]", "bgp", "encode").out());
    }

    @Test
    void encodeReadsAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.json");
        Files.writeString(f, cli("bgp", "decode", UPDATE).out(), StandardCharsets.UTF_8);
        Result r = cli("bgp", "encode", f.toString());
        assertEquals(UPDATE + "\n", r.out(), r.err());
        Result missing = cli("bgp", "encode", dir.resolve("nope.json").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void encodeErrorsNameTheField() {
        String bad =
                "{\"type\":\"KEEPALIVE\"}\n{\"type\":\"UPDATE\",\"attributes\":[{\"type\":\"ORIGIN\",\"value\":\"IGP\"},"
                        + "{\"type\":\"AS_PATH\",\"segments\":[{\"type\":\"AS_SEQUENCE\",\"asns\":[1,\"x\"]}]}]}";
        Result r = piped(bad, "bgp", "encode");
        assertEquals(2, r.status());
        assertEquals("", r.out(), "nothing is printed when a document is bad");
        assertEquals(
                "podroute bgp encode: document 2: attributes[1].segments[0].asns[1]: not an unsigned 32-bit number\n",
                r.err());

        Result syntax = piped("{\"type\": ", "bgp", "encode");
        assertEquals(2, syntax.status());
        assertTrue(syntax.err().startsWith("podroute bgp encode: invalid JSON at line 1"), syntax.err());

        Result pathIds =
                piped("{\"type\":\"UPDATE\",\"nlri\":[{\"prefix\":\"10.0.0.0/8\",\"pathId\":1}]}", "bgp", "encode");
        assertEquals(2, pathIds.status());
        assertTrue(pathIds.err().contains("nlri: has path ids but add-path is off for ipv4-unicast"), pathIds.err());
        Result withAddPath = piped(
                "{\"type\":\"UPDATE\",\"nlri\":[{\"prefix\":\"10.0.0.0/8\",\"pathId\":1}]}",
                "bgp",
                "encode",
                "--add-path",
                "ipv4-unicast");
        assertEquals(0, withAddPath.status(), withAddPath.err());

        Result report = piped(cli("bgp", "decode", "00").out(), "bgp", "encode");
        assertEquals(2, report.status());
        assertTrue(report.err().contains("decoding error report"), report.err());
    }

    @Test
    void addPathAndExtendedMessageOptions() throws IOException {
        String json = "{\"type\":\"UPDATE\",\"withdrawn\":[{\"prefix\":\"10.0.0.0/8\",\"pathId\":7}]}";
        String hex = piped(json, "bgp", "encode", "--add-path", "ipv4-unicast,ipv6-unicast")
                .out()
                .strip();
        JsonNode back =
                cli("bgp", "decode", "--add-path", "ipv4-unicast", hex).json().get(0);
        assertEquals(
                "[{\"prefix\":\"10.0.0.0/8\",\"pathId\":7}]",
                back.get("withdrawn").toString());

        assertEquals(
                2,
                cli("bgp", "decode", "--add-path", "afi-1-safi-128", KEEPALIVE).status());

        StringBuilder nlri = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            nlri.append(i == 0 ? "" : ",")
                    .append("\"10.")
                    .append(i / 256)
                    .append('.')
                    .append(i % 256)
                    .append(".0/24\"");
        }
        String big =
                "{\"type\":\"UPDATE\",\"attributes\":[{\"type\":\"ORIGIN\",\"value\":\"IGP\"},{\"type\":\"AS_PATH\","
                        + "\"segments\":[]},{\"type\":\"NEXT_HOP\",\"address\":\"192.0.2.1\"}],\"nlri\":[" + nlri
                        + "]}";
        Result tooLong = piped(big, "bgp", "encode");
        assertEquals(2, tooLong.status());
        assertTrue(tooLong.err().contains("exceeds the maximum of 4096"), tooLong.err());
        String bigHex = piped(big, "bgp", "encode", "--extended-message").out().strip();
        JsonNode hint = cli("bgp", "decode", bigHex).json().get(0).get("error");
        assertTrue(hint.get("hint").asText().contains("--extended-message"), hint.toString());
        assertEquals(0, cli("bgp", "decode", "--extended-message", bigHex).status());
    }

    @Test
    void versionAndUsage() {
        Result v = cli("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().startsWith("podroute "), v.out());
        Result none = cli("bgp");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("Missing required subcommand"), none.err());
        assertEquals(2, cli("bgp", "decode", "--bogus").status());
        Result help = cli("bgp", "decode", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--two-octet-as"), help.out());
    }
}
