package io.podroute.bgp.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON node together with its path from the document root ({@code attributes[2].segments[0]}), so
 * that every rejection names the field at fault. All failures are {@link IllegalArgumentException}s
 * whose message starts with the path ({@code "<root>"} for the document itself).
 */
final class JsonInput {
    private final JsonNode node;
    private final String path;

    JsonInput(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonInput root(JsonNode node) {
        return new JsonInput(node, "");
    }

    String path() {
        return path.isEmpty() ? "<root>" : path;
    }

    JsonNode node() {
        return node;
    }

    IllegalArgumentException error(String why) {
        return new IllegalArgumentException(path() + ": " + why);
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** This node, checked to be an object. */
    JsonInput requireObject() {
        if (!node.isObject()) {
            throw error("expected an object, found " + kind(node));
        }
        return this;
    }

    /** This node, checked to be an object holding no field outside {@code allowed}. */
    JsonInput object(Set<String> allowed) {
        requireObject();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw new IllegalArgumentException(child(n) + ": unknown field (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** The required field {@code name}. */
    JsonInput field(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(child(name) + ": missing");
        }
        return new JsonInput(v, child(name));
    }

    /** The field {@code name}, or null when it is absent or JSON null. */
    JsonInput optional(String name) {
        return has(name) ? new JsonInput(node.get(name), child(name)) : null;
    }

    boolean isArray() {
        return node.isArray();
    }

    boolean isText() {
        return node.isTextual();
    }

    /** The elements of this array. */
    List<JsonInput> elements() {
        if (!node.isArray()) {
            throw error("expected an array, found " + kind(node));
        }
        List<JsonInput> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonInput(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    String text() {
        if (!node.isTextual()) {
            throw error("expected a string, found " + kind(node));
        }
        return node.textValue();
    }

    boolean bool() {
        if (!node.isBoolean()) {
            throw error("expected true or false, found " + kind(node));
        }
        return node.booleanValue();
    }

    /** An integral JSON number in {@code 0..max}. */
    long unsigned(long max, String what) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0 || node.longValue() > max) {
            throw error("not " + what);
        }
        return node.longValue();
    }

    int u8() {
        return (int) unsigned(0xFF, "an unsigned 8-bit number");
    }

    int u16() {
        return (int) unsigned(0xFFFF, "an unsigned 16-bit number");
    }

    /** An unsigned 32-bit number, returned as the int holding the same bits. */
    int u32() {
        return (int) unsigned(0xFFFF_FFFFL, "an unsigned 32-bit number");
    }

    /** Hex digits (any case; whitespace and colons ignored), or "" for no bytes. */
    byte[] hex() {
        String s = text();
        try {
            return parseHex(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A flags byte: "0x40" (hex) or an integral number in 0..255. */
    int flags(int max) {
        if (node.isIntegralNumber()) {
            return (int) unsigned(max, "a flags value in 0.." + max);
        }
        String s = text().trim().toLowerCase(Locale.ROOT);
        if (!s.startsWith("0x") || s.length() == 2 || s.length() > 6) {
            throw error("flags must be a hex string like \"0x40\", was '" + text() + "'");
        }
        int v;
        try {
            v = Integer.parseInt(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw error("flags must be a hex string like \"0x40\", was '" + text() + "'");
        }
        if (v > max) {
            throw error("flags " + text() + " exceed 0x" + Integer.toHexString(max));
        }
        return v;
    }

    /** A dotted-quad IPv4 address as the int holding its 32 bits. */
    int ipv4() {
        String s = text();
        byte[] b;
        try {
            b = Prefix.parseAddress(s);
        } catch (IllegalArgumentException e) {
            throw error("not a dotted-quad IPv4 address: '" + s + "'");
        }
        if (b.length != 4) {
            throw error("not a dotted-quad IPv4 address: '" + s + "'");
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** An IPv4 or IPv6 address literal as 4 or 16 bytes. */
    byte[] address() {
        try {
            return Prefix.parseAddress(text().trim());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    Prefix prefix() {
        try {
            return Prefix.parse(text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    Family family() {
        try {
            return Family.parse(text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** Parses hex digits, ignoring whitespace and colons; an odd count or a non-hex character fails. */
    static byte[] parseHex(String s) {
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ':') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("not a hex string: bad character '" + c + "'");
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("not a hex string: odd number of digits (" + digits.length() + ")");
        }
        return HexFormat.of().parseHex(digits);
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
