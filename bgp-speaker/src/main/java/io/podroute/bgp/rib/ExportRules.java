package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The protocol's rules for what one best path becomes towards one peer (RFC 4271 §5, §9.2; RFC 4456
 * §8-§10). Stateless.
 */
final class ExportRules {
    /** A route as advertised: attributes without NEXT_HOP/MP_REACH_NLRI (sorted by type), and its next hop. */
    record Advertisement(PathAttributes attributes, InetAddress nextHop) {}

    private ExportRules() {}

    /** Whether a best path goes to a peer, and whether it is reflected there. */
    private enum Mode {
        SKIP,
        SEND,
        REFLECT
    }

    /** What {@code best} becomes towards {@code cfg.peer()}, or null if it is not advertised there. */
    static Advertisement export(Route best, ExportConfig cfg, RibConfig rib) {
        Mode mode = mode(best, cfg);
        if (mode == Mode.SKIP) {
            return null;
        }
        PathAttributes a = cfg.exportPolicy().apply(best.prefix(), best.attributes(), cfg.peer());
        if (a == null) {
            return null;
        }
        List<PathAttribute> out = new ArrayList<>(a.list());
        out.removeIf(x -> x.typeCode() == PathAttribute.NEXT_HOP
                || x.typeCode() == PathAttribute.MP_REACH_NLRI
                || x.typeCode() == PathAttribute.MP_UNREACH_NLRI);
        // RFC 4271 §5: unknown optional attributes go on only if transitive, then with the Partial bit.
        out.removeIf(x -> x instanceof UnknownAttribute u && !u.isTransitive());
        out.replaceAll(x -> x instanceof UnknownAttribute u ? u.withPartial() : x);
        if (find(out, PathAttribute.ORIGIN) == null) {
            out.add(Origin.IGP);
        }
        InetAddress nextHop =
                cfg.peer().isEbgp() ? toEbgp(out, best, cfg) : toIbgp(out, best, cfg, rib, mode == Mode.REFLECT);
        if (nextHop == null
                || (nextHop instanceof Inet4Address) == best.prefix().ipv6()) {
            return null; // no address of the prefix's family to put there (RFC 8950 is not supported)
        }
        out.sort(Comparator.comparingInt(PathAttribute::typeCode));
        return new Advertisement(PathAttributes.of(out), nextHop);
    }

    private static Mode mode(Route best, ExportConfig cfg) {
        PeerInfo to = cfg.peer();
        PeerInfo from = best.peer();
        if (!cfg.families().contains(best.prefix().family())) {
            return Mode.SKIP;
        }
        if (from.type() != PeerType.LOCAL && from.address().equals(to.address())) {
            return Mode.SKIP; // never back to the peer it came from
        }
        if (from.isIbgp() && to.isIbgp()) {
            // RFC 4456 §6: from a client to all iBGP peers; from a non-client to clients only;
            // RFC 4271 §9.2: otherwise no iBGP-learned route to iBGP peers.
            return from.routeReflectorClient() || to.routeReflectorClient() ? Mode.REFLECT : Mode.SKIP;
        }
        return Mode.SEND;
    }

    /**
     * RFC 4271 §5.1.2: prepend our AS; §5.1.5: no LOCAL_PREF; §5.1.4: a learned MED stays in its AS;
     * RFC 4456 §8: ORIGINATOR_ID and CLUSTER_LIST are iBGP-only. The next hop is ours.
     */
    private static InetAddress toEbgp(List<PathAttribute> out, Route best, ExportConfig cfg) {
        boolean local = best.peer().type() == PeerType.LOCAL;
        AsPath path = (AsPath) find(out, PathAttribute.AS_PATH);
        out.removeIf(x -> x.typeCode() == PathAttribute.LOCAL_PREF
                || x.typeCode() == PathAttribute.ORIGINATOR_ID
                || x.typeCode() == PathAttribute.CLUSTER_LIST
                || (!local && x.typeCode() == PathAttribute.MULTI_EXIT_DISC));
        replace(out, prepend(path, cfg.peer().localAs()));
        return self(best, cfg);
    }

    /**
     * LOCAL_PREF added if absent; when reflecting, ORIGINATOR_ID (if absent) and our cluster id in
     * front of CLUSTER_LIST (RFC 4456 §8), next hop unchanged; otherwise next hop ours for our own
     * routes or with next-hop-self.
     */
    private static InetAddress toIbgp(
            List<PathAttribute> out, Route best, ExportConfig cfg, RibConfig rib, boolean reflect) {
        if (find(out, PathAttribute.AS_PATH) == null) {
            out.add(AsPath.EMPTY);
        }
        if (find(out, PathAttribute.LOCAL_PREF) == null) {
            out.add(new LocalPref((int) rib.defaultLocalPref()));
        }
        if (reflect) {
            if (find(out, PathAttribute.ORIGINATOR_ID) == null) {
                out.add(new OriginatorId(best.peer().routerId()));
            }
            ClusterList cl = (ClusterList) find(out, PathAttribute.CLUSTER_LIST);
            int[] ids = cl == null ? new int[0] : cl.ids();
            int[] withOurs = new int[ids.length + 1];
            withOurs[0] = rib.clusterId();
            System.arraycopy(ids, 0, withOurs, 1, ids.length);
            replace(out, new ClusterList(withOurs));
        }
        boolean self = best.peer().type() == PeerType.LOCAL || (cfg.nextHopSelf() && !reflect);
        return self ? self(best, cfg) : best.nextHop().address();
    }

    private static InetAddress self(Route best, ExportConfig cfg) {
        return best.prefix().ipv6() ? cfg.localIpv6() : cfg.localIpv4();
    }

    static AsPath prepend(AsPath path, long as) {
        List<AsPathSegment> segments = new ArrayList<>(path == null ? List.of() : path.segments());
        if (!segments.isEmpty()
                && segments.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
                && segments.get(0).size() < 255) {
            int[] old = segments.get(0).asns();
            int[] asns = new int[old.length + 1];
            asns[0] = (int) as;
            System.arraycopy(old, 0, asns, 1, old.length);
            segments.set(0, AsPathSegment.sequence(asns));
        } else {
            segments.add(0, AsPathSegment.sequence((int) as));
        }
        return new AsPath(segments);
    }

    private static PathAttribute find(List<PathAttribute> list, int typeCode) {
        for (PathAttribute a : list) {
            if (a.typeCode() == typeCode) {
                return a;
            }
        }
        return null;
    }

    private static void replace(List<PathAttribute> list, PathAttribute a) {
        list.removeIf(x -> x.typeCode() == a.typeCode());
        list.add(a);
    }
}
