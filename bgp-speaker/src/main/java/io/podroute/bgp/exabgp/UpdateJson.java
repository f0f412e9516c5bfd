package io.podroute.bgp.exabgp;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ExaBGP's JSON for one received UPDATE back into {@link UpdateMessage}s the RIB applies: withdrawals
 * (IPv4 in the withdrawn field, IPv6 in MP_UNREACH_NLRI), then one UPDATE per family and next hop
 * (ExaBGP keys announcements by next hop: {@code "announce": {"ipv4 unicast": {"10.0.0.1": [{"nlri":
 * "10.1.0.0/24"}]}}}). An IPv6 route listed under a global and a link-local next hop (RFC 2545: one
 * 32-byte next hop on the wire) becomes one MP_REACH_NLRI with both. Attributes kept: ORIGIN, AS_PATH
 * (ExaBGP prints the sequence and the set apart: {@code as-path}, {@code as-set}, and the confederation
 * ones), MULTI_EXIT_DISC, LOCAL_PREF, COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, LARGE_COMMUNITY; others
 * (aggregator, extended communities, unknown ones) are not used by the decision process and dropped.
 */
final class UpdateJson {
    private UpdateJson() {}

    static ExaBgpEvent parse(InetAddress peer, JsonNode neighbor) {
        JsonNode message = ExaBgpJson.object(neighbor, "message");
        JsonNode eor = message.get("eor");
        if (eor != null) {
            Family f = ExaBgpJson.family(ExaBgpJson.text(eor, "afi") + " " + ExaBgpJson.text(eor, "safi"));
            return f == null ? new ExaBgpEvent.Ignored("eor " + eor) : new ExaBgpEvent.EndOfRib(peer, f);
        }
        JsonNode update = ExaBgpJson.object(message, "update");
        List<UpdateMessage> out = new ArrayList<>();
        int[] count = {0};
        withdrawals(update.path("withdraw"), out, count);
        PathAttributes attrs = attributes(update.path("attribute"));
        for (Map.Entry<String, JsonNode> e : update.path("announce").properties()) {
            Family f = ExaBgpJson.family(e.getKey());
            if (f != null) {
                count[0] += announcements(f, e.getValue(), attrs, out);
            }
        }
        if (out.isEmpty()) {
            return new ExaBgpEvent.Ignored("update without IPv4/IPv6 unicast routes");
        }
        return new ExaBgpEvent.Update(peer, out, count[0]);
    }

    private static void withdrawals(JsonNode withdraw, List<UpdateMessage> out, int[] count) {
        for (Map.Entry<String, JsonNode> e : withdraw.properties()) {
            Family f = ExaBgpJson.family(e.getKey());
            if (f == null) {
                continue;
            }
            PrefixList list = prefixes(f, e.getValue());
            count[0] += list.size();
            if (f.equals(Family.IPV4_UNICAST)) {
                out.add(UpdateMessage.of(list, PathAttributes.EMPTY, PrefixList.EMPTY_IPV4));
            } else {
                out.add(UpdateMessage.of(
                        PrefixList.EMPTY_IPV4, PathAttributes.of(MpUnreachNlri.of(f, list)), PrefixList.EMPTY_IPV4));
            }
        }
    }

    /** One UPDATE per next hop; IPv6 global and link-local next hops of the same prefixes are joined. */
    private static int announcements(Family f, JsonNode byNextHop, PathAttributes attrs, List<UpdateMessage> out) {
        Map<Prefix, byte[]> nextHops = new LinkedHashMap<>();
        Map<Prefix, Integer> pathIds = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : byNextHop.properties()) {
            byte[] nh = ExaBgpJson.address(e.getKey()).getAddress();
            for (JsonNode route : e.getValue()) {
                Prefix p = prefix(f, route);
                pathIds.put(p, pathId(route));
                nextHops.merge(p, nh, UpdateJson::joinNextHops);
            }
        }
        Map<String, List<Prefix>> groups = new LinkedHashMap<>();
        Map<String, byte[]> keys = new LinkedHashMap<>();
        nextHops.forEach((p, nh) -> {
            String k = Arrays.toString(nh);
            keys.putIfAbsent(k, nh);
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
        });
        groups.forEach((k, prefixes) -> out.add(announce(f, keys.get(k), prefixes, pathIds, attrs)));
        return nextHops.size();
    }

    private static UpdateMessage announce(
            Family f, byte[] nh, List<Prefix> prefixes, Map<Prefix, Integer> pathIds, PathAttributes attrs) {
        boolean anyId = prefixes.stream().anyMatch(p -> pathIds.get(p) != 0);
        int[] ids = anyId ? prefixes.stream().mapToInt(pathIds::get).toArray() : null;
        PrefixList list = PrefixList.of(f.equals(Family.IPV6_UNICAST), prefixes, ids);
        if (f.equals(Family.IPV4_UNICAST) && nh.length == 4) {
            int a = ((nh[0] & 0xFF) << 24) | ((nh[1] & 0xFF) << 16) | ((nh[2] & 0xFF) << 8) | (nh[3] & 0xFF);
            return UpdateMessage.of(PrefixList.EMPTY_IPV4, sorted(attrs.with(new NextHop(a))), list);
        }
        return UpdateMessage.of(
                PrefixList.EMPTY_IPV4, sorted(attrs.with(MpReachNlri.of(f, nh, list))), PrefixList.EMPTY_IPV4);
    }

    /** Global first, link-local (fe80::/10) second, as in a 32-byte MP_REACH_NLRI next hop. */
    private static byte[] joinNextHops(byte[] a, byte[] b) {
        if (a.length != 16 || b.length != 16) {
            return a;
        }
        boolean aLinkLocal = (a[0] & 0xFF) == 0xFE && (a[1] & 0xC0) == 0x80;
        byte[] global = aLinkLocal ? b : a;
        byte[] linkLocal = aLinkLocal ? a : b;
        byte[] both = Arrays.copyOf(global, 32);
        System.arraycopy(linkLocal, 0, both, 16, 16);
        return both;
    }

    private static PrefixList prefixes(Family f, JsonNode routes) {
        List<Prefix> list = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode route : routes) {
            list.add(prefix(f, route));
            ids.add(pathId(route));
        }
        boolean anyId = ids.stream().anyMatch(i -> i != 0);
        return PrefixList.of(
                f.equals(Family.IPV6_UNICAST),
                list,
                anyId ? ids.stream().mapToInt(i -> i).toArray() : null);
    }

    private static Prefix prefix(Family f, JsonNode route) {
        Prefix p = Prefix.parse(ExaBgpJson.text(route, "nlri"));
        if (p.ipv6() != f.equals(Family.IPV6_UNICAST)) {
            throw new ExaBgpJsonException("prefix " + p + " listed under " + f);
        }
        return p;
    }

    /** ExaBGP prints add-path ids as dotted quads ("0.0.0.1"); 0 without one. */
    private static int pathId(JsonNode route) {
        JsonNode id = route.get("path-information");
        return id == null ? 0 : ExaBgpJson.ipv4(id.asText());
    }

    static PathAttributes attributes(JsonNode a) {
        List<PathAttribute> list = new ArrayList<>();
        if (a.has("origin")) {
            list.add(Origin.parse(ExaBgpJson.text(a, "origin")));
        }
        list.add(asPath(a));
        if (a.has("med")) {
            list.add(new MultiExitDisc((int) ExaBgpJson.number(a, "med")));
        }
        if (a.has("local-preference")) {
            list.add(new LocalPref((int) ExaBgpJson.number(a, "local-preference")));
        }
        if (a.has("community")) {
            list.add(new Communities(flatten(a.get("community"), 2)));
        }
        if (a.has("originator-id")) {
            list.add(new OriginatorId(ExaBgpJson.ipv4(ExaBgpJson.text(a, "originator-id"))));
        }
        if (a.has("cluster-list")) {
            List<Integer> ids = new ArrayList<>();
            a.get("cluster-list").forEach(c -> ids.add(ExaBgpJson.ipv4(c.asText())));
            list.add(new ClusterList(ids.stream().mapToInt(i -> i).toArray()));
        }
        if (a.has("large-community")) {
            list.add(new LargeCommunities(flatten(a.get("large-community"), 3)));
        }
        return PathAttributes.of(list);
    }

    /** Confederation segments first, then the sequence, then the set (ExaBGP prints them apart). */
    private static AsPath asPath(JsonNode a) {
        List<AsPathSegment> segments = new ArrayList<>();
        segments(a.get("confederation-path"), AsPathSegment.Type.AS_CONFED_SEQUENCE, segments);
        segments(a.get("confederation-set"), AsPathSegment.Type.AS_CONFED_SET, segments);
        segments(a.get("as-path"), AsPathSegment.Type.AS_SEQUENCE, segments);
        segments(a.get("as-set"), AsPathSegment.Type.AS_SET, segments);
        return new AsPath(segments);
    }

    private static void segments(JsonNode asns, AsPathSegment.Type type, List<AsPathSegment> out) {
        if (asns == null || !asns.isArray() || asns.isEmpty()) {
            return;
        }
        int[] all = new int[asns.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = (int) unsigned32(asns.get(i));
        }
        for (int from = 0; from < all.length; from += 255) { // a segment holds at most 255 ASes
            out.add(new AsPathSegment(type, Arrays.copyOfRange(all, from, Math.min(all.length, from + 255))));
        }
    }

    private static int[] flatten(JsonNode tuples, int width) {
        int[] out = new int[tuples.size() * (width == 2 ? 1 : width)];
        int i = 0;
        for (JsonNode t : tuples) {
            if (!t.isArray() || t.size() != width) {
                throw new ExaBgpJsonException("community of " + t.size() + " parts, expected " + width);
            }
            if (width == 2) {
                out[i++] = (int) ((unsigned16(t.get(0)) << 16) | unsigned16(t.get(1)));
            } else {
                for (JsonNode v : t) {
                    out[i++] = (int) unsigned32(v);
                }
            }
        }
        return out;
    }

    private static long unsigned32(JsonNode v) {
        if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 0xFFFF_FFFFL) {
            throw new ExaBgpJsonException("not an unsigned 32-bit number: " + v);
        }
        return v.asLong();
    }

    private static long unsigned16(JsonNode v) {
        long n = unsigned32(v);
        if (n > 0xFFFF) {
            throw new ExaBgpJsonException("not an unsigned 16-bit number: " + v);
        }
        return n;
    }

    /** Attributes in type-code order, as on the wire. */
    private static PathAttributes sorted(PathAttributes attrs) {
        List<PathAttribute> list = new ArrayList<>(attrs.list());
        list.sort(Comparator.comparingInt(PathAttribute::typeCode));
        return PathAttributes.of(list);
    }
}
