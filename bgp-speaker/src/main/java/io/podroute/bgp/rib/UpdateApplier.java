package io.podroute.bgp.rib;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Turns one UPDATE into path additions and removals on the {@link RouteStore}: RFC 7606 verdicts,
 * next hops (NEXT_HOP, MP_REACH_NLRI global + link-local), the checks that make a route unusable, the
 * import policy, and interning. Costs per UPDATE: one attribute-set look-up and one next-hop look-up;
 * per prefix with {@link RoutePolicy#ACCEPT_ALL}: no allocation beyond the store's. Stateless between
 * calls; used only by {@link Rib}.
 */
final class UpdateApplier {
    private final RibConfig config;
    private final RouteStore store;
    private final RejectionLog rejections;

    UpdateApplier(RibConfig config, RouteStore store, RejectionLog rejections) {
        this.config = config;
        this.store = store;
        this.rejections = rejections;
    }

    void apply(PeerState peer, UpdateMessage update, RoutePolicy policy) {
        peer.updates++;
        MpReachNlri reach = update.mpReach();
        MpUnreachNlri unreach = update.mpUnreach();
        PrefixList reachNlri = reach != null && reach.family().isSupported() ? reach.nlri() : null;
        withdraw(peer, update.withdrawn());
        if (unreach != null && unreach.family().isSupported()) {
            withdraw(peer, unreach.withdrawn());
        }
        if (update.verdict().compareTo(ErrorAction.TREAT_AS_WITHDRAW) >= 0) {
            // RFC 7606 §2: every prefix of the UPDATE is withdrawn, including the reachable ones.
            peer.treatAsWithdraw++;
            withdraw(peer, update.nlri());
            if (reachNlri != null) {
                withdraw(peer, reachNlri);
            }
            return;
        }
        if (!update.nlri().isEmpty()) {
            NextHop nh = update.attributes().find(NextHop.class);
            announce(peer, update, update.nlri(), nh == null ? null : v4(nh.address()), policy);
        }
        if (reachNlri != null && !reachNlri.isEmpty()) {
            announce(peer, update, reachNlri, mpNextHop(reach.nextHop()), policy);
        }
    }

    private void withdraw(PeerState peer, PrefixList list) {
        int fam = list.ipv6() ? 1 : 0;
        peer.withdrawn[fam] += list.size();
        for (int i = 0; i < list.size(); i++) {
            remove(peer, list, i);
        }
    }

    private void remove(PeerState peer, PrefixList list, int i) {
        if (list.ipv6()) {
            store.remove(1, list.ipv6High(i), list.ipv6Low(i), list.length(i), peer.index, list.pathId(i));
        } else {
            store.remove(0, list.ipv4Address(i) & 0xFFFF_FFFFL, 0, list.length(i), peer.index, list.pathId(i));
        }
    }

    private void announce(
            PeerState peer, UpdateMessage update, PrefixList list, NextHopAddress nextHop, RoutePolicy policy) {
        int fam = list.ipv6() ? 1 : 0;
        int n = list.size();
        peer.announced[fam] += n;
        String unusable = unusable(peer, update, nextHop);
        if (unusable != null) {
            peer.rejected[fam] += n;
            for (int i = 0; i < n; i++) {
                rejections.unusable(list.get(i), peer.info, unusable);
                remove(peer, list, i);
            }
            return;
        }
        PathAttributes stripped = strip(update.attributes(), peer.info.isEbgp());
        int baseAttr = store.attrs.acquire(stripped); // held until the end of this method
        int nextHopId = store.nextHops.acquire(nextHop); // likewise
        boolean acceptAll = policy == RoutePolicy.ACCEPT_ALL;
        for (int i = 0; i < n; i++) {
            int attrId = baseAttr;
            if (!acceptAll) {
                io.podroute.bgp.codec.nlri.Prefix prefix = list.get(i);
                PathAttributes result = policy.apply(prefix, stripped, peer.info);
                if (result == null) {
                    peer.rejected[fam]++;
                    rejections.policyRejected(prefix, peer.info, policy, stripped);
                    remove(peer, list, i);
                    continue;
                }
                if (rejections.size() > 0) {
                    rejections.accepted(prefix, peer.info);
                }
                if (!result.equals(stripped)) {
                    attrId = store.attrs.acquire(strip(result, false));
                } else {
                    store.attrs.retain(attrId);
                }
            } else {
                store.attrs.retain(attrId);
            }
            store.nextHops.retain(nextHopId);
            if (list.ipv6()) {
                store.upsert(
                        1,
                        list.ipv6High(i),
                        list.ipv6Low(i),
                        list.length(i),
                        peer.index,
                        list.pathId(i),
                        attrId,
                        nextHopId);
            } else {
                store.upsert(
                        0,
                        list.ipv4Address(i) & 0xFFFF_FFFFL,
                        0,
                        list.length(i),
                        peer.index,
                        list.pathId(i),
                        attrId,
                        nextHopId);
            }
        }
        store.attrs.release(baseAttr);
        store.nextHops.release(nextHopId);
    }

    /**
     * False for a route that must not be used (issue 3 "Bad input"; RFC 4271 §9.1.2, RFC 4456 §8): no
     * next hop; next hop unspecified, multicast, or one of our addresses; our AS in the (effective) AS
     * path; our router id as ORIGINATOR_ID; our cluster id in CLUSTER_LIST.
     */
    private String unusable(PeerState peer, UpdateMessage update, NextHopAddress nextHop) {
        if (nextHop == null) {
            return "no next hop";
        }
        InetAddress a = nextHop.address();
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "next hop " + a.getHostAddress() + " is unspecified or multicast";
        }
        if (config.ownAddresses().contains(a)) {
            return "next hop " + a.getHostAddress() + " is one of our addresses";
        }
        AsPath path = update.effectiveAsPath();
        if (path != null && (path.contains(config.localAs()) || path.contains(peer.info.localAs()))) {
            return "AS path loop: our AS is in the AS path";
        }
        OriginatorId originator = update.attributes().find(OriginatorId.class);
        if (originator != null && originator.id() == config.routerId()) {
            return "ORIGINATOR_ID is our router id";
        }
        ClusterList clusters = update.attributes().find(ClusterList.class);
        boolean loop = clusters != null && Arrays.stream(clusters.ids()).anyMatch(id -> id == config.clusterId());
        return loop ? "CLUSTER_LIST contains our cluster id" : null;
    }

    /**
     * The attributes as the RIB stores them: without NEXT_HOP and MP_(UN)REACH_NLRI (the next hop is
     * kept apart), and for eBGP-learned routes without LOCAL_PREF (RFC 4271 §5.1.5: ignored from
     * external peers; the import policy may set one).
     */
    static PathAttributes strip(PathAttributes attributes, boolean ebgp) {
        PathAttributes a = attributes
                .without(PathAttribute.MP_REACH_NLRI)
                .without(PathAttribute.MP_UNREACH_NLRI)
                .without(PathAttribute.NEXT_HOP);
        return ebgp ? a.without(PathAttribute.LOCAL_PREF) : a;
    }

    private static NextHopAddress v4(int address) {
        return new NextHopAddress(
                address(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
                }),
                null);
    }

    /** 4 bytes: IPv4; 16: global; 32: global + link-local (RFC 2545 §3, RFC 8950 §3). */
    static NextHopAddress mpNextHop(byte[] nh) {
        switch (nh.length) {
            case 4:
            case 16:
                return new NextHopAddress(address(nh), null);
            case 32:
                return new NextHopAddress(
                        address(Arrays.copyOfRange(nh, 0, 16)), address(Arrays.copyOfRange(nh, 16, 32)));
            default:
                return null; // the codec resets the session first (RFC 7606 §7.11); never reached
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes); // no look-up: a literal address
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("next hop of " + bytes.length + " bytes", e);
        }
    }
}
