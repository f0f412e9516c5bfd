package io.podroute.agent.ipam;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One version of a {@link FileDatastore}'s file, immutable: the store revision and every entry with its
 * value and revision. The file's form:
 *
 * <pre>
 * {"revision": 7, "entries": {"blocks/10.244.0.0-26": {"value": "node1", "revision": 7}}}
 * </pre>
 *
 * Every change returns a new state whose revision is one higher, the changed key taking that revision.
 */
final class FileState {
    /** A value and the store revision of its last write. */
    record Entry(String value, long revision) {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final FileState EMPTY = new FileState(0, new TreeMap<>());

    private final long revision;
    private final NavigableMap<String, Entry> entries;

    private FileState(long revision, NavigableMap<String, Entry> entries) {
        this.revision = revision;
        this.entries = Collections.unmodifiableNavigableMap(entries);
    }

    static FileState empty() {
        return EMPTY;
    }

    long revision() {
        return revision;
    }

    Entry get(String key) {
        return entries.get(key);
    }

    /** Entries whose key starts with {@code prefix}, sorted by key. */
    List<KeyValue> list(String prefix) {
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.add(new KeyValue(e.getKey(), e.getValue().value(), e.getValue().revision()));
        }
        return out;
    }

    FileState with(String key, String value) {
        TreeMap<String, Entry> next = new TreeMap<>(entries);
        next.put(key, new Entry(value, revision + 1));
        return new FileState(revision + 1, next);
    }

    FileState without(String key) {
        TreeMap<String, Entry> next = new TreeMap<>(entries);
        next.remove(key);
        return new FileState(revision + 1, next);
    }

    byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("revision", revision);
        ObjectNode all = root.putObject("entries");
        entries.forEach((k, e) -> all.putObject(k).put("value", e.value()).put("revision", e.revision()));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the store", e);
        }
    }

    /**
     * Parses a file's content.
     *
     * @throws IllegalArgumentException saying what is wrong and where (line and column for bad JSON)
     */
    static FileState parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (!root.isObject()
                || !isLong(root.path("revision"))
                || !root.path("entries").isObject()) {
            throw new IllegalArgumentException("expected {\"revision\": N, \"entries\": {...}}");
        }
        long revision = root.get("revision").asLong();
        TreeMap<String, Entry> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> f : root.get("entries").properties()) {
            entries.put(f.getKey(), entry(f.getKey(), f.getValue(), revision));
        }
        return new FileState(revision, entries);
    }

    private static Entry entry(String key, JsonNode e, long storeRevision) {
        JsonNode value = e.path("value");
        JsonNode rev = e.path("revision");
        if (!value.isTextual() || !isLong(rev)) {
            throw new IllegalArgumentException("entry " + key + ": expected {\"value\": \"...\", \"revision\": N}");
        }
        if (rev.asLong() < 1 || rev.asLong() > storeRevision) {
            throw new IllegalArgumentException(
                    "entry " + key + ": revision " + rev.asLong() + " outside 1.." + storeRevision + " (the store's)");
        }
        return new Entry(value.asText(), rev.asLong());
    }

    private static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }
}
