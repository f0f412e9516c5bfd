package io.podroute.bgp.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.nlri.Family;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message of the captured golden vectors ({@code src/test/resources/vectors/<impl>/<scenario>.bgp},
 * written by {@code ops/vectors/capture.py}) goes through JSON text and back to the same bytes, decoded
 * and encoded with the file's {@code !context}.
 */
class BgpJsonVectorTest {
    /** One vector file: its codec context and its messages. */
    record VectorFile(String name, CodecContext context, List<String> types, List<byte[]> messages) {}

    @TestFactory
    Stream<DynamicTest> everyVectorRoundTripsThroughJson() throws IOException, URISyntaxException {
        URL dir = BgpJsonVectorTest.class.getResource("/vectors");
        assumeTrue(dir != null, "no vectors in src/test/resources/vectors yet");
        Path root = Path.of(dir.toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".bgp")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no *.bgp vector files yet");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            VectorFile v = parse(root.relativize(f).toString(), Files.readAllLines(f, StandardCharsets.UTF_8));
            tests.add(DynamicTest.dynamicTest(v.name() + " (" + v.messages().size() + " messages)", () -> {
                assertFalse(v.messages().isEmpty(), "no messages");
                for (int i = 0; i < v.messages().size(); i++) {
                    JsonRoundTrip.assertRoundTrip(
                            v.messages().get(i),
                            v.context(),
                            v.name() + " message " + (i + 1) + " " + v.types().get(i));
                }
            }));
        }
        return tests.stream();
    }

    /** '#' comments, one '!context' line, then "TYPE HEX" lines; UNKNOWN-n types cannot decode and are skipped. */
    static VectorFile parse(String name, List<String> lines) {
        CodecContext ctx = null;
        List<String> types = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("!")) {
                assertTrue(line.startsWith("!context ") && ctx == null, name + ": unexpected line " + line);
                ctx = context(line);
                continue;
            }
            int space = line.indexOf(' ');
            assertTrue(space > 0, name + ": not 'TYPE HEX': " + line);
            String type = line.substring(0, space);
            if (!type.startsWith("UNKNOWN-")) {
                types.add(type);
                messages.add(HexFormat.of().parseHex(line.substring(space + 1).strip()));
            }
        }
        assertTrue(ctx != null, name + ": no !context line");
        return new VectorFile(name, ctx, types, messages);
    }

    static CodecContext context(String line) {
        CodecContext ctx = CodecContext.MODERN;
        for (String kv : line.substring("!context ".length()).strip().split(" +", -1)) {
            int eq = kv.indexOf('=');
            String key = kv.substring(0, eq);
            String value = kv.substring(eq + 1);
            switch (key) {
                case "four-octet-as" -> ctx = ctx.withFourOctetAs(Boolean.parseBoolean(value));
                case "extended-message" -> ctx = ctx.withExtendedMessage(Boolean.parseBoolean(value));
                case "add-path-receive" -> {
                    boolean v4 = false;
                    boolean v6 = false;
                    for (String f : value.split(",", -1)) {
                        if (!f.isEmpty()) {
                            v4 |= Family.parse(f).equals(Family.IPV4_UNICAST);
                            v6 |= Family.parse(f).equals(Family.IPV6_UNICAST);
                        }
                    }
                    ctx = ctx.withAddPath(v4, v6);
                }
                default -> throw new AssertionError("unknown !context key " + key);
            }
        }
        return ctx;
    }
}
