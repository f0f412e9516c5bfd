package io.podroute.bgp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prefixes, next hops and the small value formats shared by messages and attributes: prefixes as
 * "10.1.0.0/24" (or {"prefix": ..., "pathId": n} when the list carries add-path ids, RFC 7911), next hops
 * as address lists, flags as "0x40", bytes as lowercase hex.
 */
final class NlriJson {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> PREFIX_FIELDS = Set.of("prefix", "pathId");

    private NlriJson() {}

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** "0x40": two hex digits. */
    static String flags(int f) {
        return String.format(Locale.ROOT, "0x%02x", f);
    }

    static String ipv4(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    static long unsigned(int v) {
        return Integer.toUnsignedLong(v);
    }

    /** The prefixes of {@code list}: strings, or objects with a path id when the list carries them. */
    static ArrayNode prefixes(PrefixList list) {
        ArrayNode out = F.arrayNode(list.size());
        for (int i = 0; i < list.size(); i++) {
            String p = list.get(i).toString();
            if (list.hasPathIds()) {
                ObjectNode o = F.objectNode();
                o.put("prefix", p);
                o.put("pathId", unsigned(list.pathId(i)));
                out.add(o);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Inverse of {@link #prefixes}: strings and {"prefix", "pathId"} objects may be mixed; when any entry
     * has a path id, the list carries one per prefix (0 for the strings).
     */
    static PrefixList prefixes(JsonInput in, boolean ipv6) {
        List<JsonInput> items = in.elements();
        List<Prefix> prefixes = new ArrayList<>(items.size());
        int[] ids = new int[items.size()];
        boolean anyId = false;
        for (int i = 0; i < items.size(); i++) {
            JsonInput item = items.get(i);
            JsonInput text = item;
            if (item.node().isObject()) {
                item.object(PREFIX_FIELDS);
                text = item.field("prefix");
                JsonInput id = item.optional("pathId");
                if (id != null) {
                    ids[i] = id.u32();
                    anyId = true;
                }
            } else if (!item.isText()) {
                throw item.error("expected a prefix string like \"10.1.0.0/24\" or {\"prefix\":..., \"pathId\":n}");
            }
            Prefix p = text.prefix();
            if (p.ipv6() != ipv6) {
                throw text.error("not an " + (ipv6 ? "IPv6" : "IPv4") + " prefix: '" + text.text() + "'");
            }
            prefixes.add(p);
        }
        if (prefixes.isEmpty()) {
            return PrefixList.empty(ipv6);
        }
        return PrefixList.of(ipv6, prefixes, anyId ? ids : null);
    }

    /**
     * A next hop: 4, 16 or 32 bytes as a list of addresses (32 bytes are global + link-local, RFC 2545
     * §3), any other length as a hex string.
     */
    static JsonNode nextHop(byte[] nh) {
        if (nh.length != 4 && nh.length != 16 && nh.length != 32) {
            return F.textNode(hex(nh));
        }
        ArrayNode out = F.arrayNode();
        int step = nh.length == 4 ? 4 : 16;
        for (int off = 0; off < nh.length; off += step) {
            byte[] a = new byte[step];
            System.arraycopy(nh, off, a, 0, step);
            out.add(Prefix.formatAddress(a));
        }
        return out;
    }

    /** Inverse of {@link #nextHop(byte[])}: a list of addresses, concatenated, or a hex string. */
    static byte[] nextHop(JsonInput in) {
        if (!in.isArray()) {
            return in.hex();
        }
        List<JsonInput> items = in.elements();
        byte[] out = new byte[0];
        for (JsonInput item : items) {
            byte[] a = item.address();
            byte[] joined = new byte[out.length + a.length];
            System.arraycopy(out, 0, joined, 0, out.length);
            System.arraycopy(a, 0, joined, out.length, a.length);
            out = joined;
        }
        if (out.length > 0xFF) {
            throw in.error("next hop longer than 255 bytes");
        }
        return out;
    }
}
