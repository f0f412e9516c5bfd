package io.podroute.bgp.json;

import static io.podroute.bgp.json.NlriJson.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.EnhancedRouteRefreshCapability;
import io.podroute.bgp.codec.capability.ExtendedMessageCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.capability.RouteRefreshCapability;
import io.podroute.bgp.codec.capability.UnknownCapability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OPEN capabilities (RFC 5492) to JSON and back. Every capability object has "code"; the ones podroute
 * interprets also have "name" and their fields; any other is {"code": n, "value": "hex"}. With a "value"
 * field the object is always taken as raw bytes, whatever the code.
 */
final class CapabilityJson {
    private static final Set<String> RAW_FIELDS = Set.of("code", "value");
    private static final Set<String> FAMILY_ENTRY_FIELDS = Set.of("family", "flags");
    private static final Set<String> ADD_PATH_ENTRY_FIELDS = Set.of("family", "sendReceive");
    private static final String[] SEND_RECEIVE = {null, "receive", "send", "both"};

    private CapabilityJson() {}

    /** The name of each interpreted code; null for others. */
    static String name(int code) {
        switch (code) {
            case Capability.MULTIPROTOCOL:
                return "MULTIPROTOCOL";
            case Capability.ROUTE_REFRESH:
                return "ROUTE_REFRESH";
            case Capability.EXTENDED_MESSAGE:
                return "EXTENDED_MESSAGE";
            case Capability.GRACEFUL_RESTART:
                return "GRACEFUL_RESTART";
            case Capability.FOUR_OCTET_AS:
                return "FOUR_OCTET_AS";
            case Capability.ADD_PATH:
                return "ADD_PATH";
            case Capability.ENHANCED_ROUTE_REFRESH:
                return "ENHANCED_ROUTE_REFRESH";
            default:
                return null;
        }
    }

    private static int code(String name) {
        for (int c : new int[] {1, 2, 6, 64, 65, 69, 70}) {
            if (name(c).equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    static ArrayNode toJson(List<List<Capability>> parameters) {
        ArrayNode out = F.arrayNode(parameters.size());
        for (List<Capability> p : parameters) {
            ArrayNode caps = out.addArray();
            for (Capability c : p) {
                caps.add(toJson(c));
            }
        }
        return out;
    }

    static ObjectNode toJson(Capability c) {
        ObjectNode o = F.objectNode();
        o.put("code", c.code());
        if (c instanceof UnknownCapability u) {
            o.put("value", NlriJson.hex(u.value()));
            return o;
        }
        o.put("name", name(c.code()));
        if (c instanceof MultiprotocolCapability m) {
            o.put("family", m.family().label());
        } else if (c instanceof FourOctetAsCapability f) {
            o.put("asn", f.asnUnsigned());
        } else if (c instanceof GracefulRestartCapability g) {
            o.put("flags", "0x" + Integer.toHexString(g.flags()));
            o.put("restartTime", g.restartTime());
            ArrayNode fams = o.putArray("families");
            for (GracefulRestartCapability.FamilyEntry e : g.families()) {
                fams.addObject().put("family", e.family().label()).put("flags", NlriJson.flags(e.flags()));
            }
        } else if (c instanceof AddPathCapability a) {
            ArrayNode fams = o.putArray("families");
            for (AddPathCapability.FamilyEntry e : a.families()) {
                ObjectNode f = fams.addObject().put("family", e.family().label());
                int sr = e.sendReceive();
                if (sr >= 1 && sr <= 3) {
                    f.put("sendReceive", SEND_RECEIVE[sr]);
                } else {
                    f.put("sendReceive", sr);
                }
            }
        }
        return o;
    }

    static List<List<Capability>> fromJson(JsonInput in) {
        List<List<Capability>> out = new ArrayList<>();
        for (JsonInput param : in.elements()) {
            List<Capability> caps = new ArrayList<>();
            for (JsonInput c : param.elements()) {
                caps.add(capability(c));
            }
            out.add(caps);
        }
        return out;
    }

    static Capability capability(JsonInput in) {
        in.requireObject();
        JsonInput nameIn = in.optional("name");
        JsonInput codeIn = in.optional("code");
        if (in.has("value") || (nameIn == null && codeIn != null && name(codeIn.u8()) == null)) {
            in.object(RAW_FIELDS);
            return new UnknownCapability(
                    in.field("code").u8(), in.field("value").hex());
        }
        int code;
        if (nameIn != null) {
            code = code(nameIn.text());
            if (code < 0) {
                throw nameIn.error("unknown capability name '" + nameIn.text()
                        + "' (use {\"code\": n, \"value\": \"hex\"} for a raw capability)");
            }
            if (codeIn != null && codeIn.u8() != code) {
                throw codeIn.error("code " + codeIn.u8() + " does not match name " + name(code) + " (" + code + ")");
            }
        } else if (codeIn != null) {
            code = codeIn.u8();
        } else {
            throw in.error("a capability needs \"code\" or \"name\"");
        }
        return known(code, in);
    }

    private static Capability known(int code, JsonInput in) {
        switch (code) {
            case Capability.MULTIPROTOCOL:
                in.object(Set.of("code", "name", "family"));
                return new MultiprotocolCapability(in.field("family").family());
            case Capability.ROUTE_REFRESH:
                in.object(Set.of("code", "name"));
                return RouteRefreshCapability.INSTANCE;
            case Capability.EXTENDED_MESSAGE:
                in.object(Set.of("code", "name"));
                return ExtendedMessageCapability.INSTANCE;
            case Capability.ENHANCED_ROUTE_REFRESH:
                in.object(Set.of("code", "name"));
                return EnhancedRouteRefreshCapability.INSTANCE;
            case Capability.FOUR_OCTET_AS:
                in.object(Set.of("code", "name", "asn"));
                return new FourOctetAsCapability(in.field("asn").u32());
            case Capability.GRACEFUL_RESTART:
                return gracefulRestart(in);
            default:
                return addPath(in);
        }
    }

    private static GracefulRestartCapability gracefulRestart(JsonInput in) {
        in.object(Set.of("code", "name", "flags", "restartTime", "families"));
        JsonInput flags = in.optional("flags");
        int f = flags == null ? 0 : flags.flags(0xF);
        JsonInput time = in.field("restartTime");
        int t = (int) time.unsigned(0xFFF, "a restart time in 0..4095 seconds");
        List<GracefulRestartCapability.FamilyEntry> fams = new ArrayList<>();
        JsonInput famsIn = in.optional("families");
        if (famsIn != null) {
            for (JsonInput e : famsIn.elements()) {
                e.object(FAMILY_ENTRY_FIELDS);
                JsonInput ef = e.optional("flags");
                fams.add(new GracefulRestartCapability.FamilyEntry(
                        e.field("family").family(), ef == null ? 0 : ef.flags(0xFF)));
            }
        }
        return new GracefulRestartCapability(f, t, fams);
    }

    private static AddPathCapability addPath(JsonInput in) {
        in.object(Set.of("code", "name", "families"));
        List<AddPathCapability.FamilyEntry> fams = new ArrayList<>();
        for (JsonInput e : in.field("families").elements()) {
            e.object(ADD_PATH_ENTRY_FIELDS);
            JsonInput sr = e.field("sendReceive");
            int v = -1;
            if (sr.isText()) {
                String s = sr.text().toLowerCase(Locale.ROOT);
                for (int i = 1; i <= 3; i++) {
                    if (SEND_RECEIVE[i].equals(s)) {
                        v = i;
                    }
                }
                if (v < 0) {
                    throw sr.error(
                            "sendReceive must be \"receive\", \"send\", \"both\" or a number, was '" + sr.text() + "'");
                }
            } else {
                v = sr.u8();
            }
            fams.add(new AddPathCapability.FamilyEntry(e.field("family").family(), v));
        }
        return new AddPathCapability(fams);
    }
}
