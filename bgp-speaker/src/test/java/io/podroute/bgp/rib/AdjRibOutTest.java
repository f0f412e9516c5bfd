package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.addr;
import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.announce6;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.ibgp;
import static io.podroute.bgp.rib.RibFixtures.ip4;
import static io.podroute.bgp.rib.RibFixtures.localPref;
import static io.podroute.bgp.rib.RibFixtures.med;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.UnknownAttribute;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdjRibOutTest {
    private static final Set<Family> BOTH = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
    private static final PeerInfo TOR = ebgp("192.0.2.1", 65001);
    private static final PeerInfo TOR2 = ebgp("192.0.2.2", 65002);
    private static final PeerInfo NODE = ibgp("10.0.0.2");
    private static final PeerInfo NODE3 = ibgp("10.0.0.3");

    private final Rib rib = new Rib(RibFixtures.config());

    private static AdjRibOut out(PeerInfo peer, boolean nextHopSelf, RoutePolicy policy) {
        return new AdjRibOut(new ExportConfig(
                peer, CodecContext.MODERN, addr("10.0.0.1"), addr("fd00::a"), nextHopSelf, policy, BOTH));
    }

    private static PeerInfo client(String address) {
        return new PeerInfo(
                addr(address), RibFixtures.LOCAL_AS, RibFixtures.LOCAL_AS, ip4(address), PeerType.IBGP, true);
    }

    /** Encodes and decodes every message: each fits the session's maximum and round-trips. */
    private static List<UpdateMessage> wire(List<UpdateMessage> messages, CodecContext ctx) {
        List<UpdateMessage> out = new ArrayList<>();
        for (UpdateMessage m : messages) {
            ByteBuf b = BgpCodec.encode(m, ctx, ByteBufAllocator.DEFAULT);
            try {
                assertTrue(b.readableBytes() <= ctx.maxMessageLength(), "message of " + b.readableBytes());
                out.add((UpdateMessage) BgpCodec.decode(b, ctx));
            } finally {
                b.release();
            }
        }
        return out;
    }

    @Test
    void localRoutesToEbgpGetOurAsAndNextHopAndNoLocalPref() {
        rib.setLocalRoutes(List.of(new LocalRoute(p("10.244.1.0/24"), attrs(path(), localPref(300), med(5)))));
        List<UpdateMessage> msgs = wire(out(TOR, false, RoutePolicy.ACCEPT_ALL).sync(rib), CodecContext.MODERN);
        assertEquals(3, msgs.size(), "announcement, End-of-RIB IPv4, End-of-RIB IPv6");
        UpdateMessage u = msgs.get(0);
        assertEquals(List.of(p("10.244.1.0/24")), u.nlri().asList());
        assertEquals(AsPath.sequence(65000), u.attributes().find(AsPath.class));
        assertEquals(new NextHop(ip4("10.0.0.1")), u.attributes().find(NextHop.class));
        assertNull(u.attributes().find(LocalPref.class));
        assertEquals(med(5), u.attributes().find(PathAttribute.MULTI_EXIT_DISC), "our own MED goes out");
        assertEquals(Family.IPV4_UNICAST, msgs.get(1).endOfRibFamily());
        assertEquals(Family.IPV6_UNICAST, msgs.get(2).endOfRibFamily());
    }

    @Test
    void ebgpLearnedToAnotherEbgpPeerDropsItsMedAndNeverGoesBack() {
        rib.applyUpdate(TOR, announce(attrs(path(65001), med(9)), "192.0.2.1", "10.9.0.0/24"), RoutePolicy.ACCEPT_ALL);
        assertEquals(2, out(TOR, false, RoutePolicy.ACCEPT_ALL).sync(rib).size(), "only the End-of-RIBs");
        UpdateMessage u = out(TOR2, false, RoutePolicy.ACCEPT_ALL).sync(rib).get(0);
        assertEquals(AsPath.sequence(65000, 65001), u.attributes().find(AsPath.class));
        assertNull(u.attributes().find(PathAttribute.MULTI_EXIT_DISC));
    }

    @Test
    void ibgpRulesNextHopSelfAndRouteReflection() {
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.9.0.0/24"), RoutePolicy.ACCEPT_ALL);
        rib.applyUpdate(NODE3, announce(attrs(path()), "10.0.0.3", "10.244.3.0/24"), RoutePolicy.ACCEPT_ALL);
        // eBGP-learned to iBGP: next hop kept, or ours with next-hop-self; LOCAL_PREF added.
        UpdateMessage kept = out(NODE, false, RoutePolicy.ACCEPT_ALL).sync(rib).get(0);
        assertEquals(List.of(p("10.9.0.0/24")), kept.nlri().asList(), "iBGP-learned not sent to iBGP peers");
        assertEquals(new NextHop(ip4("192.0.2.1")), kept.attributes().find(NextHop.class));
        assertEquals(localPref(100), kept.attributes().find(LocalPref.class));
        UpdateMessage self = out(NODE, true, RoutePolicy.ACCEPT_ALL).sync(rib).get(0);
        assertEquals(new NextHop(ip4("10.0.0.1")), self.attributes().find(NextHop.class));
        // Non-client's route reflected to a client with ORIGINATOR_ID and CLUSTER_LIST, next hop kept.
        List<UpdateMessage> toClient =
                out(client("10.0.0.7"), true, RoutePolicy.ACCEPT_ALL).sync(rib);
        UpdateMessage reflected = toClient.stream()
                .filter(m -> m.nlri().asList().contains(p("10.244.3.0/24")))
                .findFirst()
                .orElseThrow();
        assertEquals(new OriginatorId(ip4("10.0.0.3")), reflected.attributes().find(OriginatorId.class));
        assertArrayEquals(
                new int[] {RibFixtures.ROUTER_ID},
                reflected.attributes().find(ClusterList.class).ids());
        assertEquals(new NextHop(ip4("10.0.0.3")), reflected.attributes().find(NextHop.class));
    }

    @Test
    void clientRoutesAreReflectedToNonClients() {
        PeerInfo c = client("10.0.0.7");
        rib.applyUpdate(c, announce(attrs(path()), "10.0.0.7", "10.244.7.0/24"), RoutePolicy.ACCEPT_ALL);
        UpdateMessage u = out(NODE, false, RoutePolicy.ACCEPT_ALL).sync(rib).get(0);
        assertEquals(List.of(p("10.244.7.0/24")), u.nlri().asList());
        assertEquals(2, out(c, false, RoutePolicy.ACCEPT_ALL).sync(rib).size(), "not back to its source");
    }

    @Test
    void exportPolicyAndDiffWithWithdrawals() {
        RoutePolicy onlyPods = (prefix, a, peer) -> p("10.244.0.0/16").contains(prefix) ? a : null;
        AdjRibOut tor = out(TOR, false, onlyPods);
        rib.setLocalRoutes(List.of(
                new LocalRoute(p("10.244.1.0/24"), attrs(path())), new LocalRoute(p("10.9.0.0/24"), attrs(path()))));
        List<UpdateMessage> first = tor.sync(rib);
        assertEquals(List.of(p("10.244.1.0/24")), first.get(0).nlri().asList());
        assertEquals(1, tor.advertised(Family.IPV4_UNICAST));
        assertTrue(tor.sync(rib).isEmpty(), "nothing changed, no UPDATE and no second End-of-RIB");
        rib.setLocalRoutes(List.of(new LocalRoute(p("10.244.2.0/24"), attrs(path()))));
        List<UpdateMessage> diff = tor.sync(rib);
        assertEquals(2, diff.size());
        assertEquals(List.of(p("10.244.1.0/24")), diff.get(0).withdrawn().asList());
        assertEquals(List.of(p("10.244.2.0/24")), diff.get(1).nlri().asList());
    }

    @Test
    void packingFillsMessagesAndKeepsThemUnderTheMaximum() {
        List<LocalRoute> routes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            routes.add(new LocalRoute(Prefix.ipv4(0x0AF4_0000 + (i << 8), 24), attrs(path())));
            routes.add(new LocalRoute(Prefix.ipv6(0xfd00_0000_0000_0000L | i, 0, 64), attrs(path())));
        }
        rib.setLocalRoutes(routes);
        AdjRibOut tor = out(TOR, false, RoutePolicy.ACCEPT_ALL);
        List<UpdateMessage> msgs = wire(tor.sync(rib), CodecContext.MODERN);
        int v4 = 0;
        int v6 = 0;
        for (UpdateMessage m : msgs) {
            v4 += m.nlri().size();
            MpReachNlri r = m.mpReach();
            v6 += r == null ? 0 : r.prefixCount();
        }
        assertEquals(3000, v4);
        assertEquals(3000, v6);
        assertEquals(3 + 7 + 2, msgs.size(), "3 IPv4 UPDATEs, 7 IPv6 UPDATEs, 2 End-of-RIB");
        rib.setLocalRoutes(List.of());
        List<UpdateMessage> gone = wire(tor.sync(rib), CodecContext.MODERN);
        int w = 0;
        for (UpdateMessage m : gone) {
            w += m.withdrawn().size()
                    + (m.mpUnreach() == null ? 0 : m.mpUnreach().prefixCount());
        }
        assertEquals(6000, w);
    }

    @Test
    void ipv6AnnouncementsUseMpReachWithOurAddressAndUnknownAttributesFollowRfc4271() {
        byte[] nh = addr("fd00::1").getAddress();
        rib.applyUpdate(
                TOR,
                announce6(
                        attrs(
                                path(65001),
                                new UnknownAttribute(
                                        PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, 99, new byte[] {1
                                        }),
                                new UnknownAttribute(PathAttribute.FLAG_OPTIONAL, 98, new byte[] {2})),
                        nh,
                        "fd00:9::/64"),
                RoutePolicy.ACCEPT_ALL);
        UpdateMessage u = wire(out(TOR2, false, RoutePolicy.ACCEPT_ALL).sync(rib), CodecContext.MODERN)
                .get(0);
        MpReachNlri r = u.mpReach();
        assertArrayEquals(addr("fd00::a").getAddress(), r.nextHop());
        assertEquals(List.of(p("fd00:9::/64")), r.nlri().asList());
        UnknownAttribute passed = (UnknownAttribute) u.attributes().find(99);
        assertTrue(passed.isPartial());
        assertNull(u.attributes().find(98));
    }
}
