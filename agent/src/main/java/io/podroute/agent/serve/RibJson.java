package io.podroute.agent.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.policy.CommunityText;
import io.podroute.bgp.rib.EcmpNextHop;
import io.podroute.bgp.rib.Explanation;
import io.podroute.bgp.rib.RankedPath;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The JSON of {@code GET /rib}: per prefix the best path, the ECMP next hops and every candidate with
 * the decision step that ranked it ({@link Rib#explain}). Built inside {@code BgpSpeaker.query}, on the
 * speaker's loop, so it reads one consistent RIB.
 */
final class RibJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RibJson() {}

    /** Every prefix of the Loc-RIB in order, at most {@code limit} of them. */
    static ObjectNode all(Rib rib, int limit) {
        List<Prefix> prefixes = new ArrayList<>();
        rib.forEachBest(r -> {
            if (prefixes.size() <= limit) {
                prefixes.add(r.prefix());
            }
        });
        boolean truncated = prefixes.size() > limit;
        ObjectNode root = F.objectNode();
        root.put("prefixCount", rib.prefixCount());
        root.put("truncated", truncated);
        ArrayNode routes = root.putArray("routes");
        for (Prefix p : prefixes.subList(0, Math.min(limit, prefixes.size()))) {
            routes.add(prefix(rib, p));
        }
        return root;
    }

    /** One prefix, or null when the RIB has no path for it. */
    static ObjectNode one(Rib rib, Prefix prefix) {
        if (rib.paths(prefix).isEmpty()) {
            return null;
        }
        ObjectNode root = F.objectNode();
        root.put("prefixCount", rib.prefixCount());
        root.put("truncated", false);
        root.putArray("routes").add(prefix(rib, prefix));
        return root;
    }

    private static ObjectNode prefix(Rib rib, Prefix prefix) {
        ObjectNode o = F.objectNode();
        o.put("prefix", prefix.toString());
        o.set("best", rib.best(prefix).map(RibJson::path).orElse(null));
        ArrayNode hops = o.putArray("nextHops");
        for (EcmpNextHop h : rib.nextHops(prefix)) {
            ObjectNode n = hops.addObject();
            n.put("nextHop", h.nextHop() == null ? null : h.nextHop().toString());
            n.put("from", from(h.peer().type(), h.peer().address().getHostAddress()));
        }
        Explanation e = rib.explain(prefix);
        ArrayNode candidates = o.putArray("candidates");
        for (RankedPath r : e.candidates()) {
            ObjectNode c = path(r.route());
            c.put("rank", r.rank());
            c.put("multipath", r.multipath());
            c.put("step", r.step() == null ? null : r.step().name());
            c.put("reason", r.rank() == 0 ? "best" : r.reason());
            candidates.add(c);
        }
        return o;
    }

    private static ObjectNode path(Route r) {
        ObjectNode o = F.objectNode();
        o.put("from", from(r.peer().type(), r.peer().address().getHostAddress()));
        o.put("peerAs", r.peer().remoteAs());
        o.put("nextHop", r.nextHop() == null ? null : r.nextHop().toString());
        PathAttributes a = r.attributes();
        AsPath asPath = a.find(AsPath.class);
        o.put("asPath", asPath == null ? "" : asPath(asPath));
        Origin origin = a.find(Origin.class);
        o.put("origin", origin == null ? null : origin.label());
        MultiExitDisc med = a.find(MultiExitDisc.class);
        if (med != null) {
            o.put("med", Integer.toUnsignedLong(med.value()));
        }
        LocalPref lp = a.find(LocalPref.class);
        if (lp != null) {
            o.put("localPref", Integer.toUnsignedLong(lp.value()));
        }
        Communities c = a.find(Communities.class);
        if (c != null) {
            ArrayNode arr = o.putArray("communities");
            for (int i = 0; i < c.size(); i++) {
                arr.add(CommunityText.formatCommunity(c.get(i)));
            }
        }
        LargeCommunities lc = a.find(LargeCommunities.class);
        if (lc != null) {
            ArrayNode arr = o.putArray("largeCommunities");
            int[] v = lc.values();
            for (int i = 0; i + 2 < v.length; i += 3) {
                arr.add(Integer.toUnsignedString(v[i]) + ":" + Integer.toUnsignedString(v[i + 1]) + ":"
                        + Integer.toUnsignedString(v[i + 2]));
            }
        }
        o.put("stale", r.stale());
        return o;
    }

    private static String from(PeerType type, String address) {
        return type == PeerType.LOCAL ? "local" : address;
    }

    /** {@code 65001 65002 {65003,65004}}; confederation segments in ( ) and [ ]. */
    static String asPath(AsPath path) {
        StringJoiner out = new StringJoiner(" ");
        for (AsPathSegment s : path.segments()) {
            String sep =
                    s.type() == AsPathSegment.Type.AS_SET || s.type() == AsPathSegment.Type.AS_CONFED_SET ? "," : " ";
            StringJoiner seg = new StringJoiner(sep, open(s.type()), close(s.type()));
            for (int i = 0; i < s.size(); i++) {
                seg.add(Long.toString(s.asn(i)));
            }
            out.add(seg.toString());
        }
        return out.toString();
    }

    private static String open(AsPathSegment.Type t) {
        return switch (t) {
            case AS_SEQUENCE -> "";
            case AS_SET -> "{";
            case AS_CONFED_SEQUENCE -> "(";
            case AS_CONFED_SET -> "[";
        };
    }

    private static String close(AsPathSegment.Type t) {
        return switch (t) {
            case AS_SEQUENCE -> "";
            case AS_SET -> "}";
            case AS_CONFED_SEQUENCE -> ")";
            case AS_CONFED_SET -> "]";
        };
    }
}
