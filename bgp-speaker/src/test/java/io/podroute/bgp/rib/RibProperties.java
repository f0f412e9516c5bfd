package io.podroute.bgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RibProperties {
    /** One path of one prefix from one of six peers (three eBGP in two ASes, three iBGP). */
    record Announcement(
            int peer, int pathId, int prefix, int localPref, int asLength, int firstAs, int origin, int med) {}

    private static final Prefix[] PREFIXES = {
        Prefix.parse("10.1.0.0/24"), Prefix.parse("10.1.0.0/25"), Prefix.parse("10.2.0.0/16"), Prefix.parse("0.0.0.0/0")
    };

    private static PeerInfo peer(int i) {
        String address = "192.0.2." + (i + 1);
        boolean ebgp = i < 3;
        long as = ebgp ? 65001 + (i % 2) : RibFixtures.LOCAL_AS;
        return new PeerInfo(
                RibFixtures.addr(address),
                as,
                RibFixtures.LOCAL_AS,
                RibFixtures.ip4("10.0.0." + (7 - i)),
                ebgp ? PeerType.EBGP : PeerType.IBGP,
                false);
    }

    @Provide
    Arbitrary<Announcement> announcements() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, PREFIXES.length - 1),
                        Arbitraries.of(-1, 100, 200),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(-1, 0, 5, 10))
                .as(Announcement::new);
    }

    private static UpdateMessage update(Announcement a) {
        List<PathAttribute> attrs = new ArrayList<>();
        attrs.add(Origin.of(a.origin()));
        int[] path = new int[a.asLength()];
        for (int i = 0; i < path.length; i++) {
            path[i] = i == 0 ? 65001 + a.firstAs() : 65100 + i;
        }
        attrs.add(AsPath.sequence(path));
        attrs.add(new NextHop(RibFixtures.ip4("192.0.2." + (a.peer() + 1))));
        if (a.med() >= 0) {
            attrs.add(new MultiExitDisc(a.med()));
        }
        if (a.localPref() >= 0) {
            attrs.add(new LocalPref(a.localPref()));
        }
        PrefixList nlri = PrefixList.of(false, List.of(PREFIXES[a.prefix()]), new int[] {a.pathId()});
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, PathAttributes.of(attrs), nlri);
    }

    /** The last announcement per (peer, path id, prefix) wins, so deduplicate before shuffling. */
    private static List<Announcement> lastPerKey(List<Announcement> in) {
        Map<List<Integer>, Announcement> m = new HashMap<>();
        for (Announcement a : in) {
            m.put(List.of(a.peer(), a.pathId(), a.prefix()), a);
        }
        return new ArrayList<>(m.values());
    }

    private static List<String> view(Rib rib) {
        List<String> out = new ArrayList<>();
        for (Prefix p : PREFIXES) {
            for (RankedPath r : rib.explain(p).candidates()) {
                out.add(p + " " + r.rank() + " " + r.route().peer().address() + "#"
                        + r.route().pathId() + " " + r.multipath() + " " + r.step());
            }
            out.add(p + " ecmp " + rib.nextHops(p));
        }
        return out;
    }

    @Property(tries = 300)
    void bestPathAndEcmpSetDoNotDependOnArrivalOrder(
            @ForAll @Size(min = 1, max = 24) List<@From("announcements") Announcement> generated, @ForAll long seed) {
        List<Announcement> paths = lastPerKey(generated);
        Rib first = new Rib(RibFixtures.config().withMaxPaths(3));
        for (Announcement a : paths) {
            first.applyUpdate(peer(a.peer()), update(a), RoutePolicy.ACCEPT_ALL);
        }
        List<Announcement> shuffled = new ArrayList<>(paths);
        Collections.shuffle(shuffled, new Random(seed));
        Rib second = new Rib(RibFixtures.config().withMaxPaths(3));
        for (Announcement a : shuffled) {
            second.applyUpdate(peer(a.peer()), update(a), RoutePolicy.ACCEPT_ALL);
        }
        assertEquals(view(first), view(second));
    }

    @Property(tries = 200)
    void announcingThenWithdrawingEverythingLeavesNothing(
            @ForAll @Size(min = 1, max = 40) List<@From("announcements") Announcement> generated,
            @ForAll @IntRange(min = 0, max = 2) int how) {
        Rib rib = new Rib(RibFixtures.config());
        RibFixtures.Recorder events = new RibFixtures.Recorder();
        rib.addListener(events);
        for (Announcement a : generated) {
            rib.applyUpdate(peer(a.peer()), update(a), RoutePolicy.ACCEPT_ALL);
        }
        for (Announcement a : generated) {
            if (how == 0) {
                UpdateMessage u = update(a);
                rib.applyUpdate(
                        peer(a.peer()),
                        UpdateMessage.of(u.nlri(), PathAttributes.EMPTY, PrefixList.EMPTY_IPV4),
                        RoutePolicy.ACCEPT_ALL);
            } else if (how == 1) {
                rib.peerDown(peer(a.peer()));
            } else {
                rib.applyUpdate(peer(a.peer()), RibFixtures.treatAsWithdraw(update(a)), RoutePolicy.ACCEPT_ALL);
            }
        }
        assertEquals(0, rib.prefixCount());
        assertEquals(0, rib.pathCount());
        assertEquals(0, rib.attributeSetCount());
        assertEquals(0, rib.nextHopCount());
        long adds = events.changes.stream()
                .filter(c -> c.kind() == BestPathChange.Kind.ADD)
                .count();
        long withdraws = events.changes.stream()
                .filter(c -> c.kind() == BestPathChange.Kind.WITHDRAW)
                .count();
        assertEquals(adds, withdraws, "every prefix that appeared was withdrawn exactly once per appearance");
    }

    @Property(tries = 200)
    void prefixTableMatchesAMap(@ForAll @Size(max = 600) List<@IntRange(min = 0, max = 400) Integer> ops) {
        PrefixTable v4 = new PrefixTable(false);
        PrefixTable v6 = new PrefixTable(true);
        Map<Integer, Integer> model = new HashMap<>();
        int value = 1;
        for (int op : ops) {
            int key = op >> 1;
            long hi = key * 0x0100L; // clustered keys to force collisions and shifts
            int len = 8 + (key % 17);
            if ((op & 1) == 0) {
                v4.setValue(v4.insert(hi, 0, len, 0), value);
                v6.setValue(v6.insert(hi << 32, key, len, 0), value);
                model.put(key, value++);
            } else if (model.remove(key) != null) {
                v4.remove(v4.find(hi, 0, len));
                v6.remove(v6.find(hi << 32, key, len));
            }
            assertEquals(model.size(), v4.size());
            assertEquals(model.size(), v6.size());
        }
        for (int key = 0; key <= 200; key++) {
            long hi = key * 0x0100L;
            int len = 8 + (key % 17);
            Integer expected = model.get(key);
            int s4 = v4.find(hi, 0, len);
            int s6 = v6.find(hi << 32, key, len);
            assertEquals(expected == null ? -1 : expected, s4 < 0 ? -1 : v4.value(s4));
            assertEquals(expected == null ? -1 : expected, s6 < 0 ? -1 : v6.value(s6));
            if (s4 >= 0) {
                assertEquals(Prefix.ipv4((int) hi, len), v4.prefix(s4));
            }
        }
    }
}
