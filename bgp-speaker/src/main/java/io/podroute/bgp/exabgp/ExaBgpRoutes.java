package io.podroute.bgp.exabgp;

import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.LocalRoute;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ExaBGP is told to advertise to one neighbour: our local routes that the neighbour's families
 * carry and its effective export policy accepts, each as ExaBGP's route text ({@code 10.244.1.0/26
 * next-hop self origin igp community [ 65000:1 ]}), used both as a {@code static} route in the
 * configuration and after {@code neighbor X announce route} on the API. ExaBGP prepends its AS towards
 * eBGP neighbours itself; LOCAL_PREF goes to iBGP neighbours only (RFC 4271 §5.1.5).
 */
final class ExaBgpRoutes {
    private ExaBgpRoutes() {}

    /** Prefix → route text for {@code peer}, in prefix order. */
    static Map<Prefix, String> desired(ExaPeer peer, Iterable<LocalRoute> routes) {
        Map<Prefix, String> out = new TreeMap<>();
        for (LocalRoute r : routes) {
            Family f = r.prefix().ipv6() ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
            if (!peer.spec.session().families().contains(f)) {
                continue;
            }
            PathAttributes a = peer.exportPolicy.apply(r.prefix(), r.attributes(), peer.exportInfo);
            if (a != null) {
                out.put(r.prefix(), spec(r.prefix(), a, peer.ibgp()));
            }
        }
        return out;
    }

    static String spec(Prefix prefix, PathAttributes a, boolean ibgp) {
        StringBuilder sb = new StringBuilder(prefix.toString()).append(" next-hop self");
        Origin origin = a.find(Origin.class);
        sb.append(" origin ").append(origin == null ? "igp" : origin.label().toLowerCase(java.util.Locale.ROOT));
        AsPath path = a.find(AsPath.class);
        if (path != null && !path.segments().isEmpty()) {
            sb.append(" as-path [");
            for (AsPathSegment s : path.segments()) {
                for (int i = 0; i < s.size(); i++) {
                    sb.append(' ').append(s.asn(i));
                }
            }
            sb.append(" ]");
        }
        MultiExitDisc med = a.find(MultiExitDisc.class);
        if (med != null) {
            sb.append(" med ").append(Integer.toUnsignedLong(med.value()));
        }
        LocalPref lp = a.find(LocalPref.class);
        if (lp != null && ibgp) {
            sb.append(" local-preference ").append(Integer.toUnsignedLong(lp.value()));
        }
        communities(sb, a);
        return sb.toString();
    }

    private static void communities(StringBuilder sb, PathAttributes a) {
        Communities c = a.find(Communities.class);
        if (c != null && c.size() > 0) {
            sb.append(" community [");
            for (int v : c.values()) {
                sb.append(' ').append(v >>> 16).append(':').append(v & 0xFFFF);
            }
            sb.append(" ]");
        }
        LargeCommunities lc = a.find(LargeCommunities.class);
        if (lc != null && lc.size() > 0) {
            sb.append(" large-community [");
            int[] v = lc.values();
            for (int i = 0; i + 2 < v.length; i += 3) {
                sb.append(' ')
                        .append(Integer.toUnsignedLong(v[i]))
                        .append(':')
                        .append(Integer.toUnsignedLong(v[i + 1]))
                        .append(':')
                        .append(Integer.toUnsignedLong(v[i + 2]));
            }
            sb.append(" ]");
        }
    }
}
