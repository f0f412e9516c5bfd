package io.podroute.ops.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reading the files under {@code ops/deploy}: paths, YAML documents, JSON. Tests run in {@code ops/}. */
final class DeployFiles {
    static final Path ROOT = Path.of(System.getProperty("basedir", "."), "deploy");

    /** Duplicate keys are an error: a YAML file with one silently keeps the last value. */
    private static final ObjectMapper YAML =
            new ObjectMapper(YAMLFactory.builder().build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DeployFiles() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML file under ops/deploy, sorted. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All documents of a (multi-document) YAML file; empty documents are left out. */
    static List<JsonNode> yamlDocuments(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readerFor(JsonNode.class).readValues(in).forEachRemaining(n -> {
                JsonNode doc = (JsonNode) n;
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static List<JsonNode> yamlDocuments(String relative) {
        return yamlDocuments(path(relative));
    }

    /** A YAML string (e.g. a ConfigMap's file), one document. */
    static JsonNode yaml(String content) {
        try {
            return YAML.readTree(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(text(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(relative + ": " + e.getMessage(), e);
        }
    }

    /** The only document of {@code kind} (and {@code name}, if not null) in a Kubernetes file. */
    static JsonNode kubernetes(String relative, String kind, String name) {
        List<JsonNode> found = yamlDocuments(relative).stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .filter(d -> name == null
                        || name.equals(d.path("metadata").path("name").asText()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(relative + ": expected one " + kind + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Visits every value of field {@code key} anywhere in {@code node}. */
    static void eachField(JsonNode node, String key, Consumer<JsonNode> visit) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (e.getKey().equals(key)) {
                    visit.accept(e.getValue());
                }
                eachField(e.getValue(), key, visit);
            }
        } else if (node.isArray()) {
            node.forEach(child -> eachField(child, key, visit));
        }
    }
}
