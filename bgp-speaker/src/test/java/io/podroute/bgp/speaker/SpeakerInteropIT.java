package io.podroute.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.policy.MaxPrefixAction;
import io.podroute.bgp.policy.MaxPrefixConfig;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The whole speaker (sessions, policy, RIB, export) against a real BIRD 2 in a network namespace:
 * routes announced and withdrawn both ways, RFC 8212's default deny, and max-prefix tripping.
 * BIRD at 10.255.N.1 (AS 65002) with static routes in protocol "pods"; podroute at 10.255.N.2 (AS
 * 65001) in its own namespace.
 */
@RequiresRoot(binaries = {"/usr/sbin/bird", "/usr/sbin/birdc", "ip"})
class SpeakerInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Prefix OURS = Prefix.parse("10.244.1.0/26");
    private static final Prefix THEIRS_A = Prefix.parse("10.244.2.0/26");
    private static final Prefix THEIRS_B = Prefix.parse("10.244.3.0/26");

    private record Lab(NetnsLab lab, String birdNs, String ourNs, int n) {
        String bird4() {
            return "10.255." + n + ".1";
        }

        String ours4() {
            return "10.255." + n + ".2";
        }
    }

    private static Lab lab(int n) {
        NetnsLab lab = new NetnsLab();
        try {
            String b = lab.namespace("b");
            String o = lab.namespace("o");
            lab.veth(b, "v0", List.of("10.255." + n + ".1/30"), o, "v1", List.of("10.255." + n + ".2/30"));
            return new Lab(lab, b, o, n);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private static void startBird(Lab l) {
        String statics = "protocol static pods {\n  ipv4;\n  route " + THEIRS_A + " blackhole;\n  route " + THEIRS_B
                + " blackhole;\n}\n";
        String bgp = "  local " + l.bird4() + " as 65002;\n  neighbor " + l.ours4() + " as 65001;\n"
                + "  ipv4 { import all; export where proto = \"pods\"; };";
        Daemons.birdWith(l.lab(), l.birdNs(), l.bird4(), statics, bgp);
    }

    private static BgpSpeaker speaker(Lab l, SpeakerPeer peer) {
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(65001, 0x0A000002).withOwnAddresses(Set.of(ip(l.ours4()))),
                List.of(),
                ip(l.ours4()),
                null,
                false);
        return l.lab().closeLater(BgpSpeaker.start(cfg, List.of(peer), l.lab().thread(l.ourNs())));
    }

    private static PeerConfig session(Lab l) {
        return PeerConfig.builder(ip(l.bird4()), 65002)
                .connectRetry(Duration.ofSeconds(1))
                .build();
    }

    @Test
    void routesFlowBothWaysAndWithdrawalsToo() {
        Lab l = lab(21);
        try (NetnsLab lab = l.lab()) {
            startBird(l);
            BgpSpeaker s = speaker(
                    l, new SpeakerPeer(session(l), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, null, false));
            List<BestPathChange> events = new CopyOnWriteArrayList<>();
            s.addListener(events::addAll);
            s.setAdvertisements(List.of(new LocalRoute(OURS, PathAttributes.of(Origin.IGP, AsPath.EMPTY))));

            assertTrue(
                    NetnsLab.await(
                            WAIT,
                            () -> s.query(r -> r.best(THEIRS_A).isPresent()
                                    && r.best(THEIRS_B).isPresent())),
                    "BIRD's routes in our Loc-RIB; " + s.peers() + "\n" + lab.read("bird.log"));
            String nextHop = s.query(
                    r -> r.best(THEIRS_A).orElseThrow().nextHop().address().getHostAddress());
            assertEquals(l.bird4(), nextHop);
            assertTrue(
                    events.stream()
                            .anyMatch(e -> e.kind() == BestPathChange.Kind.ADD
                                    && e.prefix().equals(THEIRS_A)),
                    "ADD event for " + THEIRS_A + ": " + events);

            assertTrue(
                    NetnsLab.await(WAIT, () -> Daemons.birdc(lab, "show route " + OURS + " all")
                            .contains("65001")),
                    "BIRD learned our block: " + Daemons.birdc(lab, "show route all"));

            // Our withdrawal reaches BIRD.
            s.setAdvertisements(List.of());
            assertTrue(
                    NetnsLab.await(WAIT, () -> !Daemons.birdc(lab, "show route " + OURS)
                            .contains(OURS.toString())),
                    "BIRD dropped our block: " + Daemons.birdc(lab, "show route"));

            // BIRD's withdrawal reaches our RIB, and the listener sees it.
            Daemons.birdc(lab, "disable pods");
            assertTrue(
                    NetnsLab.await(
                            WAIT,
                            () -> s.query(r -> r.best(THEIRS_A).isEmpty()
                                    && r.best(THEIRS_B).isEmpty())),
                    "BIRD's routes withdrawn from our Loc-RIB");
            assertTrue(
                    events.stream()
                            .anyMatch(e -> e.kind() == BestPathChange.Kind.WITHDRAW
                                    && e.prefix().equals(THEIRS_B)),
                    "WITHDRAW event: " + events);
            PeerStatus st = s.peers().get(0);
            assertEquals(SessionState.ESTABLISHED, st.state());
            assertNotNull(st.routes());
        }
    }

    @Test
    void ebgpPeerWithoutPolicyNeitherSendsNorAccepts() {
        Lab l = lab(22);
        try (NetnsLab lab = l.lab()) {
            startBird(l);
            BgpSpeaker s = speaker(l, SpeakerPeer.of(session(l)));
            s.setAdvertisements(List.of(new LocalRoute(OURS, PathAttributes.of(Origin.IGP, AsPath.EMPTY))));
            assertTrue(NetnsLab.await(WAIT, () -> s.peers().get(0).state() == SessionState.ESTABLISHED));
            // BIRD has sent its routes (its End-of-RIB follows them); wait until they were counted.
            assertTrue(
                    NetnsLab.await(WAIT, () -> {
                        PeerStatus p = s.peers().get(0);
                        return p.routes() != null && p.routes().rejectedV4() >= 2;
                    }),
                    "BIRD's routes arrive and are rejected: " + s.peers());
            assertEquals(0, (int) s.query(r -> r.prefixCount() - (r.best(OURS).isPresent() ? 1 : 0)));
            PeerStatus p = s.peers().get(0);
            assertTrue(p.importPolicy().contains("RFC 8212"), p.importPolicy());
            assertTrue(p.exportPolicy().contains("RFC 8212"), p.exportPolicy());
            assertEquals(0, p.advertisedIpv4());
            assertTrue(!Daemons.birdc(lab, "show route " + OURS).contains(OURS.toString()), "BIRD got nothing");
        }
    }

    @Test
    void maxPrefixTripsWithCease61() {
        Lab l = lab(23);
        try (NetnsLab lab = l.lab()) {
            startBird(l);
            MaxPrefixConfig limit = new MaxPrefixConfig(1, 75, MaxPrefixAction.TEARDOWN, 60L);
            BgpSpeaker s = speaker(
                    l, new SpeakerPeer(session(l), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, limit, false));
            assertTrue(
                    NetnsLab.await(WAIT, () -> s.peers().get(0).stats().lastNotificationSent() != null),
                    "a NOTIFICATION was sent: " + s.peers() + "\n" + lab.read("bird.log"));
            NotificationMessage sent = s.peers().get(0).stats().lastNotificationSent();
            assertEquals(NotificationCode.CEASE_MAX_PREFIXES, sent.knownCode());
            assertTrue(NetnsLab.await(WAIT, () -> s.peers().get(0).state() != SessionState.ESTABLISHED));
            assertTrue(
                    NetnsLab.await(
                            WAIT,
                            () -> s.query(r -> r.best(THEIRS_A).isEmpty()
                                    && r.best(THEIRS_B).isEmpty())),
                    "the peer's routes are gone after the reset");
        }
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
