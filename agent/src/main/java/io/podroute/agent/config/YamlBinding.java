package io.podroute.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * Strict YAML binding shared by every config file (bgp serve, agent): unknown fields, duplicate keys,
 * trailing documents and floats where a whole number belongs are refused, and Jackson's errors become
 * {@code path: reason} lines with the path spelled as in the YAML ({@code bgp.peers[1].asn}).
 */
final class YamlBinding {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlBinding() {}

    /** The file's text (UTF-8), or a one-line error naming the file. */
    static String readFile(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Binds YAML text to {@code type}.
     *
     * @param emptyMessage the error for a file with nothing but comments (it names the required fields)
     */
    static <T> T bind(String yaml, Class<T> type, String emptyMessage) throws ConfigException {
        if (isEmpty(yaml)) {
            throw new ConfigException(emptyMessage);
        }
        T config;
        try {
            config = MAPPER.readValue(yaml, type);
        } catch (JsonMappingException e) {
            StreamReadException syntax = syntaxError(e);
            throw new ConfigException(syntax != null ? syntax(syntax) : describe(e));
        } catch (StreamReadException e) {
            throw new ConfigException(syntax(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException("YAML" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
        }
        if (config == null) {
            throw new ConfigException(emptyMessage);
        }
        return config;
    }

    /**
     * Whether the field at {@code path} is written with an explicit null ({@code ~}, {@code null} or no
     * value), which a record component cannot tell from an absent field. Call it on text that
     * {@link #bind} accepted.
     */
    static boolean isExplicitNull(String yaml, String... path) {
        JsonNode node;
        try {
            node = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            return false;
        }
        for (String field : path) {
            if (node == null) {
                return false;
            }
            node = node.get(field);
        }
        return node != null && node.isNull();
    }

    /** Only blank lines, comments and document markers. */
    private static boolean isEmpty(String yaml) {
        return yaml.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---"));
    }

    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof StreamReadException s) {
                return s;
            }
        }
        return null;
    }

    private static String syntax(StreamReadException e) {
        return "YAML syntax" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    static String describe(JsonMappingException e) {
        String path = path(e);
        String where = path.isEmpty() ? "(top level)" : path;
        if (e instanceof UnrecognizedPropertyException u) {
            return where + ": unknown field (known fields: " + known(u.getKnownPropertyIds()) + ")";
        }
        if (e instanceof InvalidFormatException f) {
            return where + ": '" + f.getValue() + "' is not " + kind(f.getTargetType());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return where + ": " + v.getCause().getMessage();
        }
        if (e.getCause() instanceof IllegalArgumentException iae) {
            return where + ": " + iae.getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return where + ": expected " + kind(m.getTargetType());
        }
        return where + ": " + e.getOriginalMessage();
    }

    /** {@code peers[1].gracefulRestart.enabled}: field names joined by '.', list indexes in brackets. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (field: value)";
        }
        if (type.isEnum()) {
            return "one of " + type.getSimpleName();
        }
        return "a " + type.getSimpleName();
    }

    private static String known(Collection<Object> ids) {
        TreeSet<String> names = new TreeSet<>();
        for (Object o : ids) {
            names.add(String.valueOf(o));
        }
        return String.join(", ", names);
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0
                ? ""
                : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
