package io.podroute.bgp.codec;

import io.podroute.bgp.codec.nlri.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A golden vector file captured from a real BGP implementation by ops/vectors/capture.py: '#' comment
 * lines, one '!context' line with the negotiated session parameters, then one "TYPE HEX" line per
 * message the implementation sent.
 */
public record VectorFile(String name, CodecContext context, List<Message> messages) {
    /** One captured message. */
    public record Message(String file, int index, String type, byte[] bytes) {
        @Override
        public String toString() {
            return file + "#" + index + " " + type;
        }
    }

    /** Every vector file under the test resource folder "vectors", sorted by name. */
    public static List<VectorFile> all() {
        URL root = VectorFile.class.getClassLoader().getResource("vectors");
        if (root == null) {
            throw new IllegalStateException("test resource folder 'vectors' is missing");
        }
        try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
            Path base = Path.of(root.toURI());
            List<VectorFile> out = new ArrayList<>();
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".bgp")).sorted().toList()) {
                out.add(parse(base.relativize(p).toString(), Files.readAllLines(p, StandardCharsets.UTF_8)));
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no .bgp vector files under " + root);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static VectorFile byName(String name) {
        return all().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector file " + name));
    }

    static VectorFile parse(String name, List<String> lines) {
        CodecContext ctx = null;
        List<Message> messages = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("!context")) {
                ctx = parseContext(line);
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp < 0) {
                throw new IllegalArgumentException(name + ": malformed line: " + line);
            }
            messages.add(new Message(
                    name,
                    messages.size(),
                    line.substring(0, sp),
                    HexFormat.of().parseHex(line.substring(sp + 1).strip())));
        }
        if (ctx == null) {
            throw new IllegalArgumentException(name + ": no !context line");
        }
        return new VectorFile(name, ctx, List.copyOf(messages));
    }

    static CodecContext parseContext(String line) {
        boolean four = true;
        boolean ext = false;
        boolean ap4 = false;
        boolean ap6 = false;
        for (String kv : line.substring("!context".length()).strip().split("\\s+")) {
            String[] p = kv.split("=", 2);
            String v = p.length > 1 ? p[1] : "";
            switch (p[0]) {
                case "four-octet-as":
                    four = Boolean.parseBoolean(v);
                    break;
                case "extended-message":
                    ext = Boolean.parseBoolean(v);
                    break;
                case "add-path-receive":
                    for (String f : v.split(",")) {
                        if (!f.isBlank()) {
                            Family fam = Family.parse(f);
                            ap4 |= fam.equals(Family.IPV4_UNICAST);
                            ap6 |= fam.equals(Family.IPV6_UNICAST);
                        }
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown context key " + p[0]);
            }
        }
        return new CodecContext(four, ext, ap4, ap6);
    }
}
