package io.podroute.bgp.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.codec.attribute.Aggregator;
import io.podroute.bgp.codec.attribute.As4Aggregator;
import io.podroute.bgp.codec.attribute.As4Path;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AtomicAggregate;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.ExtendedCommunities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.nlri.Family;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The type-specific fields of each path attribute object (everything but "type" and "flags"). */
final class AttributeValues {
    private AttributeValues() {}

    static void write(PathAttribute a, ObjectNode o) {
        if (a instanceof Origin x) {
            o.put("value", x.label());
        } else if (a instanceof AsPath x) {
            o.set("segments", AttributeJson.segments(x.segments()));
        } else if (a instanceof As4Path x) {
            o.set("segments", AttributeJson.segments(x.segments()));
        } else if (a instanceof NextHop x) {
            o.put("address", NlriJson.ipv4(x.address()));
        } else if (a instanceof MultiExitDisc x) {
            o.put("value", NlriJson.unsigned(x.value()));
        } else if (a instanceof LocalPref x) {
            o.put("value", NlriJson.unsigned(x.value()));
        } else if (a instanceof Aggregator x) {
            o.put("asn", x.asnUnsigned());
            o.put("address", NlriJson.ipv4(x.address()));
        } else if (a instanceof As4Aggregator x) {
            o.put("asn", x.asnUnsigned());
            o.put("address", NlriJson.ipv4(x.address()));
        } else if (a instanceof Communities x) {
            ArrayNode arr = o.putArray("communities");
            for (int i = 0; i < x.size(); i++) {
                arr.add((x.get(i) >>> 16) + ":" + (x.get(i) & 0xFFFF));
            }
        } else if (a instanceof LargeCommunities x) {
            ArrayNode arr = o.putArray("communities");
            for (int i = 0; i + 2 < x.size(); i += 3) {
                arr.add(Integer.toUnsignedString(x.get(i)) + ":" + Integer.toUnsignedString(x.get(i + 1)) + ":"
                        + Integer.toUnsignedString(x.get(i + 2)));
            }
        } else if (a instanceof ExtendedCommunities x) {
            ArrayNode arr = o.putArray("communities");
            for (int i = 0; i < x.size(); i++) {
                arr.add(HexFormat.of().toHexDigits(x.get(i)));
            }
        } else if (a instanceof OriginatorId x) {
            o.put("address", NlriJson.ipv4(x.id()));
        } else if (a instanceof ClusterList x) {
            ArrayNode arr = o.putArray("clusterIds");
            for (int id : x.ids()) {
                arr.add(NlriJson.ipv4(id));
            }
        } else if (a instanceof MpReachNlri x) {
            o.put("family", x.family().label());
            o.set("nextHop", NlriJson.nextHop(x.nextHop()));
            if (x.nlri() != null) {
                o.set("nlri", NlriJson.prefixes(x.nlri()));
            } else {
                o.put("nlri", NlriJson.hex(x.opaqueNlri()));
            }
        } else if (a instanceof MpUnreachNlri x) {
            o.put("family", x.family().label());
            if (x.withdrawn() != null) {
                o.set("withdrawn", NlriJson.prefixes(x.withdrawn()));
            } else {
                o.put("withdrawn", NlriJson.hex(x.opaqueNlri()));
            }
        } else if (a instanceof UnknownAttribute x) {
            o.put("value", NlriJson.hex(x.value()));
        } else if (!(a instanceof AtomicAggregate)) {
            throw new IllegalStateException("no JSON form for attribute " + a.typeCode());
        }
    }

    static PathAttribute read(AttributeJson.AttributeType t, JsonInput in) {
        switch (t) {
            case ORIGIN:
                JsonInput v = in.field("value");
                try {
                    return Origin.parse(v.text());
                } catch (IllegalArgumentException e) {
                    throw v.error(e.getMessage());
                }
            case AS_PATH:
                return new AsPath(AttributeJson.segments(in.field("segments")));
            case AS4_PATH:
                return new As4Path(AttributeJson.segments(in.field("segments")));
            case NEXT_HOP:
                return new NextHop(in.field("address").ipv4());
            case MULTI_EXIT_DISC:
                return new MultiExitDisc(in.field("value").u32());
            case LOCAL_PREF:
                return new LocalPref(in.field("value").u32());
            case ATOMIC_AGGREGATE:
                return AtomicAggregate.INSTANCE;
            case AGGREGATOR:
                return new Aggregator(in.field("asn").u32(), in.field("address").ipv4());
            case AS4_AGGREGATOR:
                return new As4Aggregator(
                        in.field("asn").u32(), in.field("address").ipv4());
            case COMMUNITIES:
                return new Communities(ints(in.field("communities"), 2, 0xFFFF, "\"65000:100\""));
            case LARGE_COMMUNITY:
                return new LargeCommunities(ints(in.field("communities"), 3, 0xFFFF_FFFFL, "\"65000:1:2\""));
            case EXTENDED_COMMUNITIES:
                return new ExtendedCommunities(extended(in.field("communities")));
            case ORIGINATOR_ID:
                return new OriginatorId(in.field("address").ipv4());
            case CLUSTER_LIST:
                JsonInput ids = in.field("clusterIds");
                List<JsonInput> items = nonEmpty(ids);
                int[] out = new int[items.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = items.get(i).ipv4();
                }
                return new ClusterList(out);
            case MP_REACH_NLRI:
                return mpReach(in);
            default:
                return mpUnreach(in);
        }
    }

    private static MpReachNlri mpReach(JsonInput in) {
        Family family = in.field("family").family();
        byte[] nextHop = NlriJson.nextHop(in.field("nextHop"));
        JsonInput nlri = in.field("nlri");
        if (family.isSupported()) {
            return MpReachNlri.of(family, nextHop, NlriJson.prefixes(nlri, family.equals(Family.IPV6_UNICAST)));
        }
        if (!nlri.isText()) {
            throw nlri.error("NLRI of family " + family + " must be a hex string (podroute does not interpret it)");
        }
        return new MpReachNlri(family, nextHop, null, nlri.hex());
    }

    private static MpUnreachNlri mpUnreach(JsonInput in) {
        Family family = in.field("family").family();
        JsonInput withdrawn = in.field("withdrawn");
        if (family.isSupported()) {
            return MpUnreachNlri.of(family, NlriJson.prefixes(withdrawn, family.equals(Family.IPV6_UNICAST)));
        }
        if (!withdrawn.isText()) {
            throw withdrawn.error(
                    "NLRI of family " + family + " must be a hex string (podroute does not interpret it)");
        }
        return new MpUnreachNlri(family, null, withdrawn.hex());
    }

    private static List<JsonInput> nonEmpty(JsonInput arr) {
        List<JsonInput> items = arr.elements();
        if (items.isEmpty()) {
            throw arr.error("must hold at least one entry");
        }
        return items;
    }

    /** "a:b" (two 16-bit parts) or "a:b:c" (three 32-bit parts) strings, flattened to ints. */
    private static int[] ints(JsonInput arr, int parts, long max, String example) {
        List<JsonInput> items = nonEmpty(arr);
        int[] out = new int[items.size() * (parts == 2 ? 1 : 3)];
        for (int i = 0; i < items.size(); i++) {
            JsonInput item = items.get(i);
            String[] p = item.text().split(":", -1);
            if (p.length != parts) {
                throw item.error("expected a community like " + example + ", was '" + item.text() + "'");
            }
            long[] values = new long[parts];
            for (int k = 0; k < parts; k++) {
                try {
                    values[k] = Long.parseLong(p[k]);
                } catch (NumberFormatException e) {
                    values[k] = -1;
                }
                if (values[k] < 0 || values[k] > max || p[k].startsWith("+")) {
                    throw item.error("part " + (k + 1) + " of '" + item.text() + "' is not an unsigned "
                            + (max == 0xFFFF ? 16 : 32) + "-bit number");
                }
            }
            if (parts == 2) {
                out[i] = (int) ((values[0] << 16) | values[1]);
            } else {
                for (int k = 0; k < 3; k++) {
                    out[3 * i + k] = (int) values[k];
                }
            }
        }
        return out;
    }

    private static long[] extended(JsonInput arr) {
        List<JsonInput> items = nonEmpty(arr);
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            JsonInput item = items.get(i);
            String s = item.text().toLowerCase(Locale.ROOT);
            if (s.length() != 16 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw item.error("an extended community is 16 hex digits, was '" + item.text() + "'");
            }
            out[i] = Long.parseUnsignedLong(s, 16);
        }
        return out;
    }
}
