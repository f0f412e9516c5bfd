package io.podroute.bgp.rib;

import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Adj-RIB-Out of one peer: what we last advertised to it, and the UPDATEs that bring it from that
 * to what the Loc-RIB's best paths (local routes included) now say, after the iBGP / route-reflection
 * rules, the export policy, AS prepend and next hop ({@link ExportRules}).
 *
 * <p>Invariants: {@code advertised} holds exactly what the UPDATEs returned so far announce, minus what
 * they withdraw; every returned UPDATE fits {@code codec.maxMessageLength()}; End-of-RIB for each
 * negotiated family follows the first {@link #sync}. Recomputes from the whole Loc-RIB on each call
 * (pod networks advertise few routes to each peer; driving it from {@link RibListener} changes is the
 * next step if a peer ever needs a full table). Single-threaded, like {@link Rib}.
 */
public final class AdjRibOut {
    private static final Comparator<Prefix> ORDER = Comparator.naturalOrder();

    private ExportConfig cfg;
    private final Map<Prefix, ExportRules.Advertisement> advertised = new HashMap<>();
    private boolean synced;
    private long updatesSent;
    private final long[] prefixesSent = new long[2];

    public AdjRibOut(ExportConfig cfg) {
        this.cfg = cfg;
    }

    public ExportConfig config() {
        return cfg;
    }

    /**
     * Replaces the configuration (an export policy change) keeping what was advertised, so the next
     * {@link #sync} sends only the difference. The peer and the codec context must stay the same: they
     * belong to the session.
     */
    public void reconfigure(ExportConfig newConfig) {
        if (!newConfig.peer().equals(cfg.peer()) || !newConfig.codec().equals(cfg.codec())) {
            throw new IllegalArgumentException("reconfigure: peer and codec context belong to the session");
        }
        cfg = newConfig;
    }

    /** The UPDATEs (withdrawals first, then announcements grouped by attributes, then End-of-RIB once). */
    public List<UpdateMessage> sync(Rib rib) {
        Map<Prefix, ExportRules.Advertisement> desired = new HashMap<>();
        rib.forEachExportable(cfg.families(), cfg.peer(), r -> {
            ExportRules.Advertisement a = ExportRules.export(r, cfg, rib.config());
            if (a != null) {
                desired.put(r.prefix(), a);
            }
        });
        List<UpdateMessage> out = new ArrayList<>();
        withdrawals(desired, out);
        announcements(desired, out);
        if (!synced) {
            synced = true;
            for (Family f : List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)) {
                if (cfg.families().contains(f)) {
                    out.add(UpdateMessage.endOfRib(f));
                }
            }
        }
        updatesSent += out.size();
        return out;
    }

    /** Withdraws what was advertised and is no longer desired. */
    private void withdrawals(Map<Prefix, ExportRules.Advertisement> desired, List<UpdateMessage> out) {
        List<Prefix> withdrawn4 = new ArrayList<>();
        List<Prefix> withdrawn6 = new ArrayList<>();
        for (Prefix p : advertised.keySet()) {
            if (!desired.containsKey(p)) {
                (p.ipv6() ? withdrawn6 : withdrawn4).add(p);
            }
        }
        withdrawn4.sort(ORDER);
        withdrawn6.sort(ORDER);
        packWithdrawals(withdrawn4, false, out);
        packWithdrawals(withdrawn6, true, out);
        advertised.keySet().removeAll(withdrawn4);
        advertised.keySet().removeAll(withdrawn6);
    }

    /** Announces what is desired and was not advertised as it is now, grouped by attributes. */
    private void announcements(Map<Prefix, ExportRules.Advertisement> desired, List<UpdateMessage> out) {
        Map<ExportRules.Advertisement, List<Prefix>> groups = new HashMap<>();
        for (Map.Entry<Prefix, ExportRules.Advertisement> e : desired.entrySet()) {
            if (!e.getValue().equals(advertised.get(e.getKey()))) {
                groups.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        // Deterministic order of groups: by their first prefix.
        TreeMap<Prefix, ExportRules.Advertisement> byFirst = new TreeMap<>();
        for (Map.Entry<ExportRules.Advertisement, List<Prefix>> g : groups.entrySet()) {
            g.getValue().sort(ORDER);
            byFirst.put(g.getValue().get(0), g.getKey());
        }
        for (ExportRules.Advertisement a : byFirst.values()) {
            List<Prefix> prefixes = groups.get(a);
            packAnnouncements(a, prefixes, out);
            for (Prefix p : prefixes) {
                advertised.put(p, a);
                prefixesSent[p.ipv6() ? 1 : 0]++;
            }
        }
    }

    /** Forgets what was advertised (the session went down); the next {@link #sync} starts afresh. */
    public void reset() {
        advertised.clear();
        synced = false;
    }

    /**
     * Forgets what was advertised in {@code family} only (a ROUTE-REFRESH for it, RFC 2918 §4): the next
     * {@link #sync} announces that family's routes again, and no End-of-RIB again.
     */
    public void resend(Family family) {
        boolean v6 = family.equals(Family.IPV6_UNICAST);
        advertised.keySet().removeIf(p -> p.ipv6() == v6);
    }

    /** Prefixes now advertised to the peer in {@code family}. */
    public int advertised(Family family) {
        boolean v6 = family.equals(Family.IPV6_UNICAST);
        int n = 0;
        for (Prefix p : advertised.keySet()) {
            if (p.ipv6() == v6) {
                n++;
            }
        }
        return n;
    }

    /** UPDATE messages produced so far (End-of-RIB included). */
    public long updatesSent() {
        return updatesSent;
    }

    /** Announcements produced so far, per family (0 IPv4, 1 IPv6). */
    public long prefixesSent(Family family) {
        return prefixesSent[family.equals(Family.IPV6_UNICAST) ? 1 : 0];
    }

    private int prefixBytes(Prefix p, boolean ipv6) {
        return (cfg.codec().addPath(ipv6) ? 4 : 0) + 1 + ((p.length() + 7) >>> 3);
    }

    private void packWithdrawals(List<Prefix> prefixes, boolean ipv6, List<UpdateMessage> out) {
        // Header, two length fields; for IPv6 an MP_UNREACH_NLRI header (4, extended length) + AFI/SAFI.
        int base = BgpCodec.HEADER_LENGTH + 4 + (ipv6 ? 4 + 3 : 0);
        for (List<Prefix> chunk : chunks(prefixes, base, ipv6)) {
            PrefixList list = PrefixList.of(ipv6, chunk);
            out.add(
                    ipv6
                            ? UpdateMessage.of(
                                    PrefixList.EMPTY_IPV4,
                                    PathAttributes.of(MpUnreachNlri.of(Family.IPV6_UNICAST, list)),
                                    PrefixList.EMPTY_IPV4)
                            : UpdateMessage.of(list, PathAttributes.EMPTY, PrefixList.EMPTY_IPV4));
        }
    }

    private void packAnnouncements(ExportRules.Advertisement a, List<Prefix> prefixes, List<UpdateMessage> out) {
        boolean ipv6 = prefixes.get(0).ipv6();
        InetAddress nh = a.nextHop();
        if (!ipv6) {
            PathAttributes attrs = withSorted(a.attributes(), new NextHop(toInt(nh.getAddress())));
            int base = BgpCodec.HEADER_LENGTH + 4 + attrs.encodedLength(cfg.codec());
            for (List<Prefix> chunk : chunks(prefixes, base, false)) {
                out.add(UpdateMessage.of(PrefixList.EMPTY_IPV4, attrs, PrefixList.of(false, chunk)));
            }
            return;
        }
        byte[] nextHop = nh.getAddress();
        int base = BgpCodec.HEADER_LENGTH + 4 + a.attributes().encodedLength(cfg.codec()) + 4 + 5 + nextHop.length;
        for (List<Prefix> chunk : chunks(prefixes, base, true)) {
            MpReachNlri reach = MpReachNlri.of(Family.IPV6_UNICAST, nextHop, PrefixList.of(true, chunk));
            out.add(UpdateMessage.of(PrefixList.EMPTY_IPV4, withSorted(a.attributes(), reach), PrefixList.EMPTY_IPV4));
        }
    }

    /** Splits {@code prefixes} so that {@code base} plus each chunk's NLRI bytes fits one message. */
    private List<List<Prefix>> chunks(List<Prefix> prefixes, int base, boolean ipv6) {
        int max = cfg.codec().maxMessageLength();
        List<List<Prefix>> out = new ArrayList<>();
        List<Prefix> current = new ArrayList<>();
        int size = base;
        for (Prefix p : prefixes) {
            int b = prefixBytes(p, ipv6);
            if (size + b > max && !current.isEmpty()) {
                out.add(current);
                current = new ArrayList<>();
                size = base;
            }
            current.add(p);
            size += b;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static PathAttributes withSorted(PathAttributes attrs, PathAttribute extra) {
        List<PathAttribute> list = new ArrayList<>(attrs.list());
        list.add(extra);
        list.sort(Comparator.comparingInt(PathAttribute::typeCode));
        return PathAttributes.of(list);
    }

    private static int toInt(byte[] a) {
        return ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
    }
}
