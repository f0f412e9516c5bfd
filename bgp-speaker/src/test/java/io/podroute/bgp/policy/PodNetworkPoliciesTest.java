package io.podroute.bgp.policy;

import static io.podroute.bgp.policy.Fixtures.EBGP;
import static io.podroute.bgp.policy.Fixtures.attrs;
import static io.podroute.bgp.policy.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podroute.bgp.codec.attribute.PathAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodNetworkPoliciesTest {
    private static final List<PodNetworkPolicies.Pool> POOLS =
            List.of(new PodNetworkPolicies.Pool("10.244.0.0/16", 26), new PodNetworkPolicies.Pool("fd00:10::/48", 122));
    private static final PathAttributes A = attrs();

    private static boolean accepts(CompiledPolicy policy, String prefix) {
        PathAttributes out = policy.apply(p(prefix), A, EBGP);
        if (out != null) {
            assertSame(A, out, "the pod policies never change attributes");
        }
        return out != null;
    }

    @Test
    void importAcceptsExactlyBlocksInsideThePools() {
        CompiledPolicy in = PodNetworkPolicies.importPolicy(POOLS, false, false);
        assertEquals(true, accepts(in, "10.244.0.0/26"));
        assertEquals(true, accepts(in, "10.244.255.192/26"));
        assertEquals(true, accepts(in, "fd00:10:0:3::40/122"));
        assertEquals(false, accepts(in, "10.244.0.0/16"), "the pool itself");
        assertEquals(false, accepts(in, "10.244.1.0/24"), "shorter than a block");
        assertEquals(false, accepts(in, "10.244.1.0/27"), "longer than a block");
        assertEquals(false, accepts(in, "10.244.1.1/32"), "host routes only when allowed");
        assertEquals(false, accepts(in, "10.245.0.0/26"), "outside the pool");
        assertEquals(false, accepts(in, "fd00:11::/122"));
        assertEquals(false, accepts(in, "fd00:10::1/128"));
    }

    @Test
    void hostRoutesWhenAllowed() {
        CompiledPolicy in = PodNetworkPolicies.importPolicy(POOLS, true, false);
        assertEquals(true, accepts(in, "10.244.1.1/32"));
        assertEquals(true, accepts(in, "fd00:10::1/128"));
        assertEquals(true, accepts(in, "10.244.1.0/26"));
        assertEquals(false, accepts(in, "10.244.1.0/31"));
        assertEquals(false, accepts(in, "10.245.1.1/32"));
    }

    @Test
    void defaultRouteNeverUnlessAsked() {
        for (boolean hosts : new boolean[] {false, true}) {
            CompiledPolicy in = PodNetworkPolicies.importPolicy(POOLS, hosts, false);
            assertEquals(false, accepts(in, "0.0.0.0/0"));
            assertEquals(false, accepts(in, "::/0"));
        }
        CompiledPolicy asked = PodNetworkPolicies.importPolicy(POOLS, false, true);
        assertEquals(true, accepts(asked, "0.0.0.0/0"));
        assertEquals(true, accepts(asked, "::/0"));
        assertEquals(false, accepts(asked, "0.0.0.0/1"), "only the default route itself");
        assertEquals(true, accepts(asked, "10.244.3.0/26"));
    }

    @Test
    void defaultRouteIsDeniedByTheFirstEntry() {
        PolicySpec spec = PodNetworkPolicies.importSpec(POOLS, false, false);
        List<PrefixListEntry> entries = spec.terms().get(0).match().prefixList().entries();
        assertEquals(new PrefixListEntry("0.0.0.0/0", null, null, PrefixAction.DENY), entries.get(0));
        assertEquals(new PrefixListEntry("::/0", null, null, PrefixAction.DENY), entries.get(1));
        assertEquals(PrefixListEntry.permit("10.244.0.0/16", 26, 26), entries.get(2));
        assertEquals(Verdict.REJECT, spec.defaultAction());
    }

    @Test
    void blockAsLargeAsThePool() {
        CompiledPolicy in =
                PodNetworkPolicies.importPolicy(List.of(new PodNetworkPolicies.Pool("10.244.0.0/24", 24)), true, false);
        assertEquals(true, accepts(in, "10.244.0.0/24"));
        assertEquals(true, accepts(in, "10.244.0.7/32"));
        CompiledPolicy hostBlocks =
                PodNetworkPolicies.importPolicy(List.of(new PodNetworkPolicies.Pool("10.244.0.0/24", 32)), true, false);
        assertEquals(true, accepts(hostBlocks, "10.244.0.7/32"));
    }

    @Test
    void badPools() {
        assertEquals(
                "pools[0].cidr: a pool cannot be the whole address space",
                assertThrows(
                                PolicyConfigException.class,
                                () -> PodNetworkPolicies.importPolicy(
                                        List.of(new PodNetworkPolicies.Pool("0.0.0.0/0", 26)), false, false))
                        .getMessage());
        assertEquals(
                "pools[1].blockSize: 12 is outside 16..32",
                assertThrows(
                                PolicyConfigException.class,
                                () -> PodNetworkPolicies.importPolicy(
                                        List.of(POOLS.get(0), new PodNetworkPolicies.Pool("10.245.0.0/16", 12)),
                                        false,
                                        false))
                        .getMessage());
        assertEquals(
                "pools[0].cidr: '10.244.1.0/16' has host bits set beyond /16; did you mean 10.244.0.0/16?",
                assertThrows(
                                PolicyConfigException.class,
                                () -> PodNetworkPolicies.importPolicy(
                                        List.of(new PodNetworkPolicies.Pool("10.244.1.0/16", 26)), false, false))
                        .getMessage());
        assertThrows(PolicyConfigException.class, () -> PodNetworkPolicies.importPolicy(List.of(), false, false));
    }

    @Test
    void exportAnnouncesOnlyOwnBlocks() {
        CompiledPolicy out = PodNetworkPolicies.exportPolicy(List.of("10.244.3.64/26", "fd00:10:0:3::40/122"));
        assertEquals(true, accepts(out, "10.244.3.64/26"));
        assertEquals(true, accepts(out, "fd00:10:0:3::40/122"));
        assertEquals(false, accepts(out, "10.244.3.128/26"), "another node's block");
        assertEquals(false, accepts(out, "10.244.3.65/32"), "a host route inside our block");
        assertEquals(false, accepts(out, "10.244.0.0/16"));
        assertEquals(false, accepts(out, "0.0.0.0/0"));
        assertNull(out.apply(p("192.0.2.0/24"), A, EBGP));
    }
}
