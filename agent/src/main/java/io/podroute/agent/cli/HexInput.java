package io.podroute.agent.cli;

import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.nlri.Family;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text forms {@code podroute bgp decode} accepts: hex with any whitespace, colons or commas (a
 * leading "0x" allowed), holding one or more whole messages back to back; and, on standard input, the
 * lines of the project's vector files ({@code # comment}, {@code !context ...}, {@code TYPE HEX}).
 */
final class HexInput {
    private static final Set<String> VECTOR_TYPES =
            Set.of("OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH");

    private HexInput() {}

    /** The bytes of {@code text}; fails on an odd number of digits or a character that is not hex. */
    static byte[] parseHex(String text) {
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ':' || c == ',') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("not hex: unexpected character '" + c + "' at offset " + i);
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("not hex: odd number of digits (" + digits.length() + ")");
        }
        return HexFormat.of().parseHex(digits);
    }

    /**
     * Splits back-to-back messages by the length field of each header. Where a header is not valid (bad
     * marker, length below 19 or beyond the bytes left), the rest is returned as one piece, so that
     * decoding it reports the error.
     */
    static List<byte[]> split(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        while (off < b.length) {
            int rest = b.length - off;
            int len = rest;
            if (rest >= BgpCodec.HEADER_LENGTH && markerOk(b, off)) {
                int declared = ((b[off + 16] & 0xFF) << 8) | (b[off + 17] & 0xFF);
                if (declared >= BgpCodec.HEADER_LENGTH && declared <= rest) {
                    len = declared;
                }
            }
            byte[] piece = new byte[len];
            System.arraycopy(b, off, piece, 0, len);
            out.add(piece);
            off += len;
        }
        return out;
    }

    private static boolean markerOk(byte[] b, int off) {
        for (int i = 0; i < BgpCodec.MARKER_LENGTH; i++) {
            if (b[off + i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The hex part of a line: a vector line "UPDATE ffff..." loses its type name. */
    static String stripVectorType(String line) {
        String s = line.strip();
        int space = indexOfWhitespace(s);
        if (space > 0) {
            String first = s.substring(0, space).toUpperCase(Locale.ROOT);
            if (VECTOR_TYPES.contains(first) || first.matches("UNKNOWN-[0-9]+")) {
                return s.substring(space + 1);
            }
        }
        return s;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies a vector file's {@code !context four-octet-as=B add-path-receive=F,.. extended-message=B}
     * line to {@code base}; keys not given keep their value.
     */
    static CodecContext context(String line, CodecContext base) {
        CodecContext ctx = base;
        String[] words = line.strip().split("\\s+", -1);
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("!context: expected key=value, found '" + w + "'");
            }
            String key = w.substring(0, eq);
            String value = w.substring(eq + 1);
            switch (key) {
                case "four-octet-as":
                    ctx = ctx.withFourOctetAs(bool(key, value));
                    break;
                case "extended-message":
                    ctx = ctx.withExtendedMessage(bool(key, value));
                    break;
                case "add-path-receive":
                    boolean v4 = false;
                    boolean v6 = false;
                    for (String f : value.split(",", -1)) {
                        if (f.isEmpty()) {
                            continue;
                        }
                        Family fam = Family.parse(f);
                        v4 |= fam.equals(Family.IPV4_UNICAST);
                        v6 |= fam.equals(Family.IPV6_UNICAST);
                    }
                    ctx = ctx.withAddPath(v4, v6);
                    break;
                default:
                    throw new IllegalArgumentException("!context: unknown key '" + key + "'");
            }
        }
        return ctx;
    }

    private static boolean bool(String key, String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("!context: " + key + " must be true or false, was '" + value + "'");
    }
}
