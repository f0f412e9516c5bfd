package io.podroute.bgp.json;

import static io.podroute.bgp.json.NlriJson.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Path attributes (RFC 4271 §5 and extensions) to JSON and back. Every attribute object has "type"
 * (the name, or the number for one podroute does not interpret) and "flags" (the wire flags, so that
 * re-encoding is byte-exact); the other fields depend on the type, see {@code docs/bgp-json.md}. The
 * type-specific values are in {@link AttributeValues}.
 */
final class AttributeJson {
    private AttributeJson() {}

    static ArrayNode toJson(PathAttributes attrs) {
        ArrayNode out = F.arrayNode(attrs.size());
        for (int i = 0; i < attrs.size(); i++) {
            out.add(toJson(attrs.get(i), attrs.flags(i)));
        }
        return out;
    }

    static ObjectNode toJson(PathAttribute a, int flags) {
        ObjectNode o = F.objectNode();
        AttributeType t = AttributeType.of(a.typeCode());
        if (a instanceof UnknownAttribute || t == null) {
            o.put("type", a.typeCode());
        } else {
            o.put("type", t.name());
        }
        o.put("flags", NlriJson.flags(flags));
        AttributeValues.write(a, o);
        return o;
    }

    static PathAttributes fromJson(JsonInput in) {
        List<JsonInput> items = in.elements();
        List<PathAttribute> attrs = new ArrayList<>(items.size());
        byte[] flags = new byte[items.size()];
        for (int i = 0; i < items.size(); i++) {
            JsonInput item = items.get(i);
            item.requireObject();
            JsonInput type = item.field("type");
            PathAttribute a;
            int defaultFlags;
            if (type.node().isIntegralNumber()) {
                item.object(Set.of("type", "flags", "value"));
                int code = type.u8();
                JsonInput f = item.field("flags");
                int wire = wireFlags(f);
                a = new UnknownAttribute(wire, code, item.field("value").hex());
                defaultFlags = wire;
            } else {
                AttributeType t = AttributeType.parse(type);
                item.object(t.fields());
                a = AttributeValues.read(t, item);
                defaultFlags = a.defaultFlags() & 0xE0;
            }
            JsonInput f = item.optional("flags");
            flags[i] = (byte) (f != null ? wireFlags(f) : defaultFlags);
            attrs.add(a);
        }
        return PathAttributes.withFlags(attrs, flags);
    }

    private static int wireFlags(JsonInput f) {
        int v = f.flags(0xFF);
        if ((v & 0x0F) != 0) {
            throw f.error("the low four flag bits are unused and must be zero (RFC 4271 §4.3)");
        }
        return v;
    }

    /** Builds the AS_PATH / AS4_PATH segment list. */
    static ArrayNode segments(List<AsPathSegment> segments) {
        ArrayNode out = F.arrayNode(segments.size());
        for (AsPathSegment s : segments) {
            ObjectNode o = out.addObject();
            o.put("type", s.type().name());
            ArrayNode asns = o.putArray("asns");
            for (int i = 0; i < s.size(); i++) {
                asns.add(s.asn(i));
            }
        }
        return out;
    }

    static List<AsPathSegment> segments(JsonInput in) {
        List<AsPathSegment> out = new ArrayList<>();
        for (JsonInput seg : in.elements()) {
            seg.object(Set.of("type", "asns"));
            JsonInput type = seg.field("type");
            AsPathSegment.Type t;
            try {
                t = AsPathSegment.Type.parse(type.text());
            } catch (IllegalArgumentException e) {
                throw type.error("segment type must be AS_SET, AS_SEQUENCE, AS_CONFED_SEQUENCE or AS_CONFED_SET, was '"
                        + type.text() + "'");
            }
            JsonInput asnsIn = seg.field("asns");
            List<JsonInput> asns = asnsIn.elements();
            if (asns.isEmpty() || asns.size() > 255) {
                throw asnsIn.error("a segment holds 1..255 AS numbers, had " + asns.size());
            }
            int[] values = new int[asns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = asns.get(i).u32();
            }
            out.add(new AsPathSegment(t, values));
        }
        return out;
    }

    /** The attributes podroute interprets, by JSON name, with the fields each object may hold. */
    enum AttributeType {
        ORIGIN(PathAttribute.ORIGIN, "value"),
        AS_PATH(PathAttribute.AS_PATH, "segments"),
        NEXT_HOP(PathAttribute.NEXT_HOP, "address"),
        MULTI_EXIT_DISC(PathAttribute.MULTI_EXIT_DISC, "value"),
        LOCAL_PREF(PathAttribute.LOCAL_PREF, "value"),
        ATOMIC_AGGREGATE(PathAttribute.ATOMIC_AGGREGATE),
        AGGREGATOR(PathAttribute.AGGREGATOR, "asn", "address"),
        COMMUNITIES(PathAttribute.COMMUNITIES, "communities"),
        ORIGINATOR_ID(PathAttribute.ORIGINATOR_ID, "address"),
        CLUSTER_LIST(PathAttribute.CLUSTER_LIST, "clusterIds"),
        MP_REACH_NLRI(PathAttribute.MP_REACH_NLRI, "family", "nextHop", "nlri"),
        MP_UNREACH_NLRI(PathAttribute.MP_UNREACH_NLRI, "family", "withdrawn"),
        EXTENDED_COMMUNITIES(PathAttribute.EXTENDED_COMMUNITIES, "communities"),
        AS4_PATH(PathAttribute.AS4_PATH, "segments"),
        AS4_AGGREGATOR(PathAttribute.AS4_AGGREGATOR, "asn", "address"),
        LARGE_COMMUNITY(PathAttribute.LARGE_COMMUNITY, "communities");

        private final int code;

        @SuppressWarnings("ImmutableEnumChecker") // Set.copyOf: unmodifiable
        private final Set<String> fields;

        AttributeType(int code, String... fields) {
            this.code = code;
            Set<String> all = new HashSet<>(List.of(fields));
            all.add("type");
            all.add("flags");
            this.fields = Set.copyOf(all);
        }

        Set<String> fields() {
            return fields;
        }

        static AttributeType of(int code) {
            for (AttributeType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        static AttributeType parse(JsonInput type) {
            String name = type.text();
            if (name.equalsIgnoreCase("MED")) {
                return MULTI_EXIT_DISC;
            }
            for (AttributeType t : values()) {
                if (t.name().equalsIgnoreCase(name)) {
                    return t;
                }
            }
            throw type.error("unknown attribute type '" + name
                    + "' (use a name such as AS_PATH, or a number with \"flags\" and \"value\" for a raw attribute)");
        }
    }
}
