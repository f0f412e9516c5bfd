package io.podroute.bgp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every validation error names the field by its path in the config and says why. */
class PolicyValidationTest {
    private static final PolicyTerm FILLER = PolicyTerm.accept("filler", MatchSpec.ANY, null);

    /** Compiles policy {@code tor-in} whose term 2 is {@code term} (terms 0 and 1 are valid fillers). */
    private static PolicyConfigException failure(PolicyTerm term) {
        return failure(term, Map.of());
    }

    private static PolicyConfigException failure(PolicyTerm term, Map<String, List<PrefixListEntry>> lists) {
        List<PolicyTerm> terms = new ArrayList<>(List.of(FILLER, FILLER, term));
        PolicyConfig config = new PolicyConfig(lists, Map.of("tor-in", new PolicySpec(terms, null)));
        return assertThrows(PolicyConfigException.class, config::compile);
    }

    private static PolicyTerm matching(MatchSpec m) {
        return PolicyTerm.accept(null, m, null);
    }

    private static PolicyTerm setting(SetSpec s) {
        return PolicyTerm.accept(null, null, s);
    }

    @Test
    void inlinePrefixListLeOutOfFamily() {
        PolicyConfigException e = failure(matching(
                MatchSpec.prefixList(PrefixListRef.inline(List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 33))))));
        assertEquals(
                "policies.tor-in.terms[2].match.prefixList.entries[0].le: 33 exceeds 32 for an IPv4 prefix",
                e.getMessage());
        assertEquals("policies.tor-in.terms[2].match.prefixList.entries[0].le", e.path());
        assertEquals("33 exceeds 32 for an IPv4 prefix", e.reason());
    }

    @Test
    void inlinePrefixListSecondEntryGe() {
        PolicyConfigException e = failure(matching(MatchSpec.prefixList(PrefixListRef.inline(List.of(
                PrefixListEntry.permit("fd00::/8", null, null), PrefixListEntry.deny("fd00:10::/48", 48, 64))))));
        assertEquals(
                "policies.tor-in.terms[2].match.prefixList.entries[1].ge: 48 must be greater than the prefix"
                        + " length 48 (leave ge out to start at the prefix length)",
                e.getMessage());
    }

    @Test
    void namedPrefixListErrorsPointAtTheList() {
        Map<String, List<PrefixListEntry>> lists = new LinkedHashMap<>();
        lists.put(
                "pods",
                List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 26), PrefixListEntry.permit("::/0", 129, null)));
        PolicyConfigException e = failure(matching(MatchSpec.prefixList(PrefixListRef.named("pods"))), lists);
        assertEquals("prefixLists.pods[1].ge: 129 exceeds 128 for an IPv6 prefix", e.getMessage());
    }

    @Test
    void unusedPrefixListsAreValidatedToo() {
        PolicyConfig config =
                new PolicyConfig(Map.of("spare", List.of(PrefixListEntry.permit("10.0.0.0/8", 24, 16))), null);
        PolicyConfigException e = assertThrows(PolicyConfigException.class, config::compile);
        assertEquals("prefixLists.spare[0].le: 16 is less than ge 24", e.getMessage());
    }

    @Test
    void unknownPrefixListName() {
        PolicyConfigException e = failure(matching(MatchSpec.prefixList(PrefixListRef.named("nope"))));
        assertEquals(
                "policies.tor-in.terms[2].match.prefixList.name: no prefix list 'nope' under prefixLists",
                e.getMessage());
    }

    @Test
    void prefixListNeedsExactlyNameOrEntries() {
        assertEquals(
                "policies.tor-in.terms[2].match.prefixList: give either name or entries, not both",
                failure(matching(MatchSpec.prefixList(
                                new PrefixListRef("pods", List.of(PrefixListEntry.permit("10.0.0.0/8", null, null))))))
                        .getMessage());
        assertEquals(
                "policies.tor-in.terms[2].match.prefixList: give the name of a list under prefixLists, or entries",
                failure(matching(MatchSpec.prefixList(new PrefixListRef(null, null))))
                        .getMessage());
    }

    @Test
    void asPathLengthBounds() {
        assertEquals(
                "policies.tor-in.terms[2].match.asPathLengthMax: 2 is less than asPathLengthMin 3",
                failure(matching(new MatchSpec(null, 3, 2, null, null, null, null)))
                        .getMessage());
        assertEquals(
                "policies.tor-in.terms[2].match.asPathLengthMin: -1 is negative",
                failure(matching(new MatchSpec(null, -1, null, null, null, null, null)))
                        .getMessage());
    }

    @Test
    void asNumbers() {
        assertEquals(
                "policies.tor-in.terms[2].match.asPathContains: 4294967296 is not an AS number (0..4294967295)",
                failure(matching(new MatchSpec(null, null, null, 4_294_967_296L, null, null, null)))
                        .getMessage());
        assertEquals(
                "policies.tor-in.terms[2].match.neighborAs: -5 is not an AS number (0..4294967295)",
                failure(matching(new MatchSpec(null, null, null, null, -5L, null, null)))
                        .getMessage());
    }

    @Test
    void communities() {
        assertEquals(
                "policies.tor-in.terms[2].match.communities[1]: '65536:1' is not a community (expected"
                        + " AS:value, each 0..65535, or no-export, no-advertise, no-export-subconfed, blackhole,"
                        + " graceful-shutdown)",
                failure(matching(Fixtures.communities("1:1", "65536:1"))).getMessage());
        assertEquals(
                "policies.tor-in.terms[2].match.largeCommunities[0]: '1:2' is not a large community (expected"
                        + " a:b:c, each 0..4294967295)",
                failure(matching(Fixtures.largeCommunities("1:2"))).getMessage());
        assertEquals(
                "policies.tor-in.terms[2].set.addCommunities[0]: 'no-exports' is not a community (expected"
                        + " AS:value, each 0..65535, or no-export, no-advertise, no-export-subconfed, blackhole,"
                        + " graceful-shutdown)",
                failure(setting(new SetSpec(null, null, List.of("no-exports"), null, null, null, null)))
                        .getMessage());
        assertEquals(
                "policies.tor-in.terms[2].set.removeLargeCommunities[0]: '1:2:4294967296' is not a large"
                        + " community (expected a:b:c, each 0..4294967295)",
                failure(setting(new SetSpec(null, null, null, null, null, List.of("1:2:4294967296"), null)))
                        .getMessage());
    }

    @Test
    void setValues() {
        assertEquals(
                "policies.tor-in.terms[2].set.localPref: 4294967296 is outside 0..4294967295",
                failure(setting(Fixtures.localPref(4_294_967_296L))).getMessage());
        assertEquals(
                "policies.tor-in.terms[2].set.med: -1 is outside 0..4294967295",
                failure(setting(new SetSpec(null, -1L, null, null, null, null, null)))
                        .getMessage());
        assertEquals(
                "policies.tor-in.terms[2].set.prependAs: 0 is outside 1..32",
                failure(setting(new SetSpec(null, null, null, null, null, null, 0)))
                        .getMessage());
        assertEquals(
                "policies.tor-in.terms[2].set.prependAs: 33 is outside 1..32",
                failure(setting(new SetSpec(null, null, null, null, null, null, 33)))
                        .getMessage());
    }

    @Test
    void rejectTermCannotChangeAttributes() {
        PolicyConfigException e = failure(new PolicyTerm("bad", null, Fixtures.localPref(100), Verdict.REJECT));
        assertEquals(
                "policies.tor-in.terms[2].set: a term with action reject cannot change attributes", e.getMessage());
    }

    @Test
    void enumLabels() {
        assertEquals(Verdict.ACCEPT, Verdict.parse("accept"));
        assertEquals(Verdict.REJECT, Verdict.parse("Reject"));
        assertEquals(PrefixAction.DENY, PrefixAction.parse("deny"));
        assertEquals(MaxPrefixAction.WARN_ONLY, MaxPrefixAction.parse("warn-only"));
        assertEquals("warn-only", MaxPrefixAction.WARN_ONLY.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verdict.parse("allow"));
        assertEquals("unknown value 'allow', expected one of accept, reject", e.getMessage());
    }
}
