package io.podroute.bgp.policy;

import static io.podroute.bgp.policy.Fixtures.EBGP;
import static io.podroute.bgp.policy.Fixtures.IBGP;
import static io.podroute.bgp.policy.Fixtures.LOCAL;
import static io.podroute.bgp.policy.Fixtures.attrs;
import static io.podroute.bgp.policy.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    private static final CompiledPolicy CONFIGURED =
            PodNetworkPolicies.importPolicy(List.of(new PodNetworkPolicies.Pool("10.244.0.0/16", 26)), false, false);

    @Test
    void ebgpWithoutImportPolicyAcceptsNothing() {
        EffectivePolicy e = Policies.effectiveImport(EBGP, null);
        assertSame(RoutePolicy.REJECT_ALL, e.policy());
        assertEquals(EffectivePolicy.Source.RFC8212_DENY, e.source());
        assertEquals("RFC 8212: eBGP peer without import policy", e.reason());
        assertTrue(e.isRfc8212Deny());
        assertNull(e.apply(p("10.244.1.64/26"), attrs(), EBGP));
    }

    @Test
    void ebgpWithoutExportPolicySendsNothing() {
        EffectivePolicy e = Policies.effectiveExport(EBGP, null);
        assertEquals("RFC 8212: eBGP peer without export policy", e.reason());
        assertNull(e.apply(p("10.244.1.64/26"), attrs(), EBGP));
    }

    @Test
    void ibgpAndLocalWithoutPolicyAcceptAll() {
        PathAttributes a = attrs();
        for (var peer : List.of(IBGP, LOCAL)) {
            EffectivePolicy in = Policies.effectiveImport(peer, null);
            EffectivePolicy out = Policies.effectiveExport(peer, null);
            assertEquals(EffectivePolicy.Source.DEFAULT_ACCEPT, in.source());
            assertSame(a, in.apply(p("192.0.2.0/24"), a, peer));
            assertSame(a, out.apply(p("192.0.2.0/24"), a, peer));
            assertFalse(in.isRfc8212Deny());
        }
        assertEquals(
                "no import policy: accept all (iBGP peer)",
                Policies.effectiveImport(IBGP, null).reason());
        assertEquals(
                "no export policy: accept all (local routes)",
                Policies.effectiveExport(LOCAL, null).reason());
    }

    @Test
    void configuredPolicyIsUsedForEveryPeerType() {
        for (var peer : List.of(EBGP, IBGP, LOCAL)) {
            EffectivePolicy e = Policies.effectiveImport(peer, CONFIGURED);
            assertSame(CONFIGURED, e.policy());
            assertEquals(EffectivePolicy.Source.CONFIGURED, e.source());
            assertEquals("configured import policy pod-network-import", e.reason());
        }
        EffectivePolicy explicitAcceptAll = Policies.effectiveImport(EBGP, RoutePolicy.ACCEPT_ALL);
        assertSame(RoutePolicy.ACCEPT_ALL, explicitAcceptAll.policy(), "an explicit accept-all satisfies RFC 8212");
        assertEquals("configured import policy", explicitAcceptAll.reason());
    }

    @Test
    void changedComparesPoliciesAsValues() {
        CompiledPolicy again = PodNetworkPolicies.importPolicy(
                List.of(new PodNetworkPolicies.Pool("10.244.0.0/16", 26)), false, false);
        CompiledPolicy wider =
                PodNetworkPolicies.importPolicy(List.of(new PodNetworkPolicies.Pool("10.244.0.0/16", 26)), true, false);
        assertFalse(Policies.changed(CONFIGURED, again));
        assertTrue(Policies.changed(CONFIGURED, wider));
        assertTrue(Policies.changed(null, CONFIGURED));
        assertFalse(Policies.changed(null, null));
        assertFalse(
                Policies.changed(Policies.effectiveImport(EBGP, CONFIGURED), Policies.effectiveImport(EBGP, again)));
        assertTrue(Policies.changed(Policies.effectiveImport(EBGP, null), Policies.effectiveImport(EBGP, CONFIGURED)));
        assertFalse(Policies.changed(Policies.effectiveImport(EBGP, null), Policies.effectiveImport(EBGP, null)));
        assertTrue(Policies.changed(Policies.effectiveImport(IBGP, null), Policies.effectiveImport(EBGP, null)));
    }

    @Test
    void alreadyEffectivePolicyPassesThrough() {
        EffectivePolicy e = Policies.effectiveImport(EBGP, null);
        assertSame(e, Policies.effectiveImport(EBGP, e));
    }
}
