package io.podroute.bgp.rib;

import static io.podroute.bgp.rib.RibFixtures.addr;
import static io.podroute.bgp.rib.RibFixtures.announce;
import static io.podroute.bgp.rib.RibFixtures.attrs;
import static io.podroute.bgp.rib.RibFixtures.ebgp;
import static io.podroute.bgp.rib.RibFixtures.p;
import static io.podroute.bgp.rib.RibFixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.policy.PodNetworkPolicies;
import io.podroute.bgp.policy.Policies;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Why a prefix is missing: the RIB remembers recent rejections and names the rule. */
class RejectionLogTest {
    private static final PeerInfo TOR = ebgp("192.0.2.1", 65001);
    private final Rib rib = new Rib(RibFixtures.config().withOwnAddresses(Set.of(addr("192.0.2.100"))));
    private final RoutePolicy pods =
            PodNetworkPolicies.importPolicy(List.of(new PodNetworkPolicies.Pool("10.244.0.0/16", 26)), false, false);

    @Test
    void namesThePolicyRuleThatRejected() {
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.244.1.0/26", "0.0.0.0/0"), pods);
        assertTrue(rib.best(p("10.244.1.0/26")).isPresent());
        Rejection r = rib.recentRejection(p("0.0.0.0/0")).orElseThrow();
        assertEquals(addr("192.0.2.1"), r.peer());
        assertTrue(r.reason().startsWith("import: rejected by policy " + PodNetworkPolicies.IMPORT_NAME), r.reason());
        assertTrue(rib.recentRejection(p("10.244.1.0/26")).isEmpty(), "accepted prefixes are not listed");
    }

    @Test
    void rfc8212DenyIsExplained() {
        RoutePolicy none = Policies.effectiveImport(TOR, null);
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.244.1.0/26"), none);
        String reason = rib.recentRejection(p("10.244.1.0/26")).orElseThrow().reason();
        assertTrue(reason.contains("RFC 8212"), reason);
    }

    @Test
    void unusableNextHopAndLoopsAreExplained() {
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.100", "10.244.2.0/26"), RoutePolicy.ACCEPT_ALL);
        assertEquals(
                "next hop 192.0.2.100 is one of our addresses",
                rib.recentRejection(p("10.244.2.0/26")).orElseThrow().reason());
        rib.applyUpdate(
                TOR,
                announce(attrs(path(65001, (int) RibFixtures.LOCAL_AS)), "192.0.2.1", "10.244.3.0/26"),
                RoutePolicy.ACCEPT_ALL);
        assertEquals(
                "AS path loop: our AS is in the AS path",
                rib.recentRejection(p("10.244.3.0/26")).orElseThrow().reason());
    }

    @Test
    void aLaterAcceptFromTheSamePeerClearsTheRejection() {
        RoutePolicy rejectAll = RoutePolicy.REJECT_ALL;
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.244.4.0/26"), rejectAll);
        assertTrue(rib.recentRejection(p("10.244.4.0/26")).isPresent());
        rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", "10.244.4.0/26"), pods);
        assertTrue(rib.recentRejection(p("10.244.4.0/26")).isEmpty());
    }

    @Test
    void isBounded() {
        for (int i = 0; i < RejectionLog.CAPACITY + 10; i++) {
            String prefix = "172." + (16 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + "/32";
            rib.applyUpdate(TOR, announce(attrs(path(65001)), "192.0.2.1", prefix), RoutePolicy.REJECT_ALL);
        }
        assertTrue(rib.recentRejection(p("172.16.0.0/32")).isEmpty(), "the oldest went first");
        assertTrue(rib.recentRejection(p("172.16.16.9/32")).isPresent());
    }
}
