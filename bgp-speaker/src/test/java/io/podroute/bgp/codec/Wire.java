package io.podroute.bgp.codec;

import java.util.HexFormat;
import java.util.Locale;

/** Builds BGP messages as hex for tests: pieces are hex strings, spaces allowed. */
public final class Wire {
    public static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private Wire() {}

    /** A whole message: marker, the correct length, type, body. */
    public static byte[] message(int type, String bodyHex) {
        String body = clean(bodyHex);
        int len = 19 + body.length() / 2;
        return HexFormat.of().parseHex(MARKER + hex16(len) + hex8(type) + body);
    }

    /** An UPDATE with the given withdrawn routes, attributes and NLRI (lengths computed). */
    public static byte[] update(String withdrawn, String attributes, String nlri) {
        String w = clean(withdrawn);
        String a = clean(attributes);
        return message(2, hex16(w.length() / 2) + w + hex16(a.length() / 2) + a + clean(nlri));
    }

    /** One attribute with a 1-byte length (or 2 if the flags say Extended Length). */
    public static String attr(int flags, int type, String valueHex) {
        String v = clean(valueHex);
        String len = (flags & 0x10) != 0 ? hex16(v.length() / 2) : hex8(v.length() / 2);
        return hex8(flags) + hex8(type) + len + v;
    }

    /** ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 192.0.2.1: a valid minimal attribute set. */
    public static String basicAttrs() {
        return attr(0x40, 1, "00") + attr(0x40, 2, "020100 00fde9".replace(" ", "")) + attr(0x40, 3, "c0000201");
    }

    /** An OPEN body: version 4, the AS, hold time 90, id 192.0.2.1, and the given optional parameters. */
    public static String openBody(int version, int myAs, int hold, String id, String params) {
        String p = clean(params);
        return hex8(version) + hex16(myAs) + hex16(hold) + clean(id) + hex8(p.length() / 2) + p;
    }

    /** A capabilities optional parameter holding the given capability TLVs. */
    public static String capParam(String tlvs) {
        String t = clean(tlvs);
        return "02" + hex8(t.length() / 2) + t;
    }

    public static String hex8(int v) {
        return String.format(Locale.ROOT, "%02x", v & 0xFF);
    }

    public static String hex16(int v) {
        return String.format(Locale.ROOT, "%04x", v & 0xFFFF);
    }

    public static String clean(String s) {
        return s.replaceAll("[\\s:_]", "").toLowerCase(Locale.ROOT);
    }
}
