package io.podroute.bgp.policy;

import static io.podroute.bgp.policy.Fixtures.EBGP;
import static io.podroute.bgp.policy.Fixtures.acceptIf;
import static io.podroute.bgp.policy.Fixtures.attrs;
import static io.podroute.bgp.policy.Fixtures.communities;
import static io.podroute.bgp.policy.Fixtures.largeCommunities;
import static io.podroute.bgp.policy.Fixtures.localPref;
import static io.podroute.bgp.policy.Fixtures.p;
import static io.podroute.bgp.policy.Fixtures.setting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompiledPolicyTest {
    private static final Prefix POD = p("10.244.1.64/26");

    private static MatchSpec asPathLength(Integer min, Integer max) {
        return new MatchSpec(null, min, max, null, null, null, null);
    }

    // ---- match conditions ----

    @Test
    void prefixListConditionInline() {
        CompiledPolicy policy = acceptIf(
                MatchSpec.prefixList(PrefixListRef.inline(List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 26)))),
                null);
        PathAttributes a = attrs();
        assertSame(a, policy.apply(POD, a, EBGP));
        assertNull(policy.apply(p("10.244.1.0/24"), a, EBGP));
        assertNull(policy.apply(p("10.245.1.64/26"), a, EBGP));
    }

    @Test
    void prefixListConditionByName() {
        Map<String, List<PrefixListEntry>> lists =
                Map.of("pods", List.of(PrefixListEntry.permit("fd00:10::/48", 122, 122)));
        CompiledPolicy policy = CompiledPolicy.compile(
                "in",
                new PolicySpec(
                        List.of(PolicyTerm.accept("pods", MatchSpec.prefixList(PrefixListRef.named("pods")), null)),
                        null),
                lists);
        PathAttributes a = attrs();
        assertSame(a, policy.apply(p("fd00:10:0:7::40/122"), a, EBGP));
        assertNull(policy.apply(p("fd00:10:0:7::/64"), a, EBGP));
    }

    @Test
    void prefixListDenyEntryMeansNoMatch() {
        CompiledPolicy policy = acceptIf(
                MatchSpec.prefixList(PrefixListRef.inline(List.of(
                        PrefixListEntry.deny("10.244.1.0/24", null, 32),
                        PrefixListEntry.permit("10.244.0.0/16", null, 32)))),
                null);
        assertNull(policy.apply(POD, attrs(), EBGP));
        assertNotNull(policy.apply(p("10.244.2.64/26"), attrs(), EBGP));
    }

    @Test
    void asPathLengthBounds() {
        PathAttributes three = attrs(new int[] {65001, 65002, 65003});
        PathAttributes withSet = PathAttributes.of(
                Origin.IGP,
                new AsPath(List.of(AsPathSegment.sequence(65001), AsPathSegment.set(1, 2, 3))),
                new NextHop(1));
        PathAttributes none = PathAttributes.of(Origin.IGP, new NextHop(1));
        assertNotNull(acceptIf(asPathLength(3, 3), null).apply(POD, three, EBGP));
        assertNull(acceptIf(asPathLength(4, null), null).apply(POD, three, EBGP));
        assertNull(acceptIf(asPathLength(null, 2), null).apply(POD, three, EBGP));
        assertNotNull(acceptIf(asPathLength(null, 2), null).apply(POD, withSet, EBGP), "an AS_SET counts 1");
        assertNotNull(acceptIf(asPathLength(2, 2), null).apply(POD, withSet, EBGP));
        assertNotNull(acceptIf(asPathLength(0, 0), null).apply(POD, none, EBGP), "no AS_PATH is length 0");
        assertNull(acceptIf(asPathLength(1, null), null).apply(POD, none, EBGP));
    }

    @Test
    void asPathContains() {
        MatchSpec m = new MatchSpec(null, null, null, 4_200_000_000L, null, null, null);
        PathAttributes has = attrs(new int[] {65001, (int) 4_200_000_000L, 65003});
        PathAttributes inSet = PathAttributes.of(
                Origin.IGP,
                new AsPath(List.of(AsPathSegment.sequence(65001), AsPathSegment.set((int) 4_200_000_000L))),
                new NextHop(1));
        assertNotNull(acceptIf(m, null).apply(POD, has, EBGP));
        assertNotNull(acceptIf(m, null).apply(POD, inSet, EBGP));
        assertNull(acceptIf(m, null).apply(POD, attrs(new int[] {65001, 65002}), EBGP));
    }

    @Test
    void neighborAsIsTheFirstAs() {
        MatchSpec m = new MatchSpec(null, null, null, null, 65001L, null, null);
        assertNotNull(acceptIf(m, null).apply(POD, attrs(new int[] {65001, 65002}), EBGP));
        assertNull(acceptIf(m, null).apply(POD, attrs(new int[] {65002, 65001}), EBGP));
        PathAttributes leadingSet =
                PathAttributes.of(Origin.IGP, new AsPath(List.of(AsPathSegment.set(65001))), new NextHop(1));
        assertNull(acceptIf(m, null).apply(POD, leadingSet, EBGP), "a leading AS_SET has no first AS");
        assertNull(acceptIf(m, null).apply(POD, PathAttributes.of(Origin.IGP), EBGP));
    }

    @Test
    void communityPresentAllMustBeThere() {
        PathAttributes a = attrs(new Communities(new int[] {65000 << 16 | 100, 65000 << 16 | 200}));
        assertNotNull(acceptIf(communities("65000:100"), null).apply(POD, a, EBGP));
        assertNotNull(acceptIf(communities("65000:200", "65000:100"), null).apply(POD, a, EBGP));
        assertNull(acceptIf(communities("65000:100", "65000:300"), null).apply(POD, a, EBGP));
        assertNull(acceptIf(communities("65000:100"), null).apply(POD, attrs(), EBGP));
    }

    @Test
    void wellKnownCommunitiesByName() {
        PathAttributes noExport = attrs(new Communities(new int[] {0xFFFFFF01}));
        PathAttributes noAdvertise = attrs(new Communities(new int[] {0xFFFFFF02}));
        PathAttributes subconfed = attrs(new Communities(new int[] {0xFFFFFF03}));
        assertNotNull(acceptIf(communities("no-export"), null).apply(POD, noExport, EBGP));
        assertNotNull(acceptIf(communities("NO-EXPORT"), null).apply(POD, noExport, EBGP));
        assertNotNull(acceptIf(communities("65535:65281"), null).apply(POD, noExport, EBGP));
        assertNull(acceptIf(communities("no-export"), null).apply(POD, noAdvertise, EBGP));
        assertNotNull(acceptIf(communities("no-advertise"), null).apply(POD, noAdvertise, EBGP));
        assertNotNull(acceptIf(communities("no-export-subconfed"), null).apply(POD, subconfed, EBGP));
    }

    @Test
    void largeCommunityPresent() {
        PathAttributes a = attrs(new LargeCommunities(new int[] {(int) 4_200_000_000L, 1, 2, 64512, 7, 8}));
        assertNotNull(acceptIf(largeCommunities("4200000000:1:2"), null).apply(POD, a, EBGP));
        assertNotNull(
                acceptIf(largeCommunities("64512:7:8", "4200000000:1:2"), null).apply(POD, a, EBGP));
        assertNull(acceptIf(largeCommunities("64512:7:9"), null).apply(POD, a, EBGP));
        assertNull(acceptIf(largeCommunities("1:2:7"), null).apply(POD, a, EBGP), "triples are not shifted");
        assertNull(acceptIf(largeCommunities("64512:7:8"), null).apply(POD, attrs(), EBGP));
    }

    @Test
    void allConditionsOfATermMustHold() {
        MatchSpec m = new MatchSpec(
                PrefixListRef.inline(List.of(PrefixListEntry.permit("10.244.0.0/16", null, 32))),
                null,
                2,
                null,
                65001L,
                List.of("65000:1"),
                null);
        PathAttributes good = attrs(new int[] {65001}, new Communities(new int[] {65000 << 16 | 1}));
        assertNotNull(acceptIf(m, null).apply(POD, good, EBGP));
        assertNull(acceptIf(m, null).apply(p("10.0.0.0/8"), good, EBGP));
        assertNull(acceptIf(m, null).apply(POD, attrs(new int[] {65001}), EBGP));
        assertNull(acceptIf(m, null)
                .apply(POD, attrs(new int[] {65001, 2, 3}, new Communities(new int[] {65000 << 16 | 1})), EBGP));
    }

    // ---- actions ----

    @Test
    void setLocalPref() {
        PathAttributes a = attrs();
        PathAttributes out = setting(localPref(200)).apply(POD, a, EBGP);
        assertEquals(new LocalPref(200), out.find(LocalPref.class));
        PathAttributes replaced = setting(localPref(300)).apply(POD, out, EBGP);
        assertEquals(new LocalPref(300), replaced.find(LocalPref.class));
        assertEquals(out.size(), replaced.size(), "replaced in place, not appended");
        assertEquals(
                new LocalPref((int) 4_294_967_295L),
                setting(localPref(4_294_967_295L)).apply(POD, a, EBGP).find(LocalPref.class));
    }

    @Test
    void setMed() {
        SetSpec med = new SetSpec(null, 50L, null, null, null, null, null);
        PathAttributes out = setting(med).apply(POD, attrs(), EBGP);
        assertEquals(new MultiExitDisc(50), out.find(MultiExitDisc.class));
        assertSame(out, setting(med).apply(POD, out, EBGP));
    }

    @Test
    void addCommunity() {
        SetSpec add = new SetSpec(null, null, List.of("65000:100", "no-export"), null, null, null, null);
        PathAttributes out = setting(add).apply(POD, attrs(), EBGP);
        assertArrayEquals(
                new int[] {65000 << 16 | 100, 0xFFFFFF01},
                out.find(Communities.class).values());
        PathAttributes some = attrs(new Communities(new int[] {65000 << 16 | 100, 7}));
        assertArrayEquals(
                new int[] {65000 << 16 | 100, 7, 0xFFFFFF01},
                setting(add).apply(POD, some, EBGP).find(Communities.class).values(),
                "present ones are not duplicated; new ones appended");
    }

    @Test
    void removeCommunity() {
        SetSpec remove = new SetSpec(null, null, null, List.of("65000:100", "no-export"), null, null, null);
        PathAttributes a = attrs(new Communities(new int[] {65000 << 16 | 100, 7, 0xFFFFFF01}));
        assertArrayEquals(
                new int[] {7},
                setting(remove).apply(POD, a, EBGP).find(Communities.class).values());
        PathAttributes only = attrs(new Communities(new int[] {0xFFFFFF01}));
        PathAttributes out = setting(remove).apply(POD, only, EBGP);
        assertNull(out.find(Communities.class), "an emptied COMMUNITIES attribute is dropped");
        assertEquals(attrs(), out);
    }

    @Test
    void addAndRemoveLargeCommunity() {
        SetSpec add = new SetSpec(null, null, null, null, List.of("64512:1:2"), null, null);
        PathAttributes out = setting(add).apply(POD, attrs(new LargeCommunities(new int[] {1, 2, 3})), EBGP);
        assertArrayEquals(
                new int[] {1, 2, 3, 64512, 1, 2},
                out.find(LargeCommunities.class).values());
        assertSame(out, setting(add).apply(POD, out, EBGP));
        SetSpec remove = new SetSpec(null, null, null, null, null, List.of("1:2:3"), null);
        assertArrayEquals(
                new int[] {64512, 1, 2},
                setting(remove)
                        .apply(POD, out, EBGP)
                        .find(LargeCommunities.class)
                        .values());
        PathAttributes single = attrs(new LargeCommunities(new int[] {1, 2, 3}));
        assertNull(setting(remove).apply(POD, single, EBGP).find(LargeCommunities.class));
    }

    @Test
    void prependOurAs() {
        SetSpec prepend = new SetSpec(null, null, null, null, null, null, 3);
        PathAttributes out = setting(prepend).apply(POD, attrs(new int[] {65001, 65002}), EBGP);
        assertEquals(AsPath.sequence(64512, 64512, 64512, 65001, 65002), out.find(AsPath.class));
        PathAttributes local = PathAttributes.of(Origin.IGP, new NextHop(1));
        assertEquals(
                AsPath.sequence(64512, 64512, 64512),
                setting(prepend).apply(POD, local, EBGP).find(AsPath.class));
        PathAttributes leadingSet =
                PathAttributes.of(Origin.IGP, new AsPath(List.of(AsPathSegment.set(1, 2))), new NextHop(1));
        assertEquals(
                new AsPath(List.of(AsPathSegment.sequence(64512, 64512, 64512), AsPathSegment.set(1, 2))),
                setting(prepend).apply(POD, leadingSet, EBGP).find(AsPath.class));
        int[] full = new int[254];
        Arrays.fill(full, 65001);
        AsPath prepended = setting(prepend).apply(POD, attrs(full), EBGP).find(AsPath.class);
        assertEquals(257, prepended.pathLength());
        assertEquals(2, prepended.segments().size(), "a segment holds at most 255 ASNs");
        assertEquals(2, prepended.segments().get(0).size(), "what did not fit goes into a new leading segment");
        assertEquals(255, prepended.segments().get(1).size());
        assertEquals(64512, prepended.firstAs());
        assertEquals(64512, prepended.segments().get(1).asn(0));
        assertEquals(65001, prepended.segments().get(1).asn(1));
    }

    @Test
    void actionsApplyInOrderAndKeepOtherAttributes() {
        SetSpec set = new SetSpec(150L, 10L, List.of("65000:1"), List.of("65000:2"), null, null, 1);
        PathAttributes a = attrs(new Communities(new int[] {65000 << 16 | 2}));
        PathAttributes out = setting(set).apply(POD, a, EBGP);
        assertEquals(Origin.IGP, out.find(Origin.class));
        assertEquals(new NextHop(0xC0000201), out.find(NextHop.class));
        assertEquals(new LocalPref(150), out.find(LocalPref.class));
        assertEquals(new MultiExitDisc(10), out.find(MultiExitDisc.class));
        assertArrayEquals(
                new int[] {65000 << 16 | 1}, out.find(Communities.class).values());
        assertEquals(AsPath.sequence(64512, 65001), out.find(AsPath.class));
        assertEquals(4, a.size(), "the input is not modified");
    }

    // ---- the same-instance guarantee ----

    @Test
    void unchangedAttributesAreTheSameInstance() {
        PathAttributes a = attrs(
                new int[] {65001},
                new MultiExitDisc(10),
                new LocalPref(200),
                new Communities(new int[] {65000 << 16 | 100}),
                new LargeCommunities(new int[] {1, 2, 3}));
        SetSpec noOps = new SetSpec(
                200L, 10L, List.of("65000:100"), List.of("65000:999"), List.of("1:2:3"), List.of("9:9:9"), null);
        assertSame(a, setting(noOps).apply(POD, a, EBGP));
        assertSame(a, setting(null).apply(POD, a, EBGP));
        assertSame(
                a,
                CompiledPolicy.compile("all", new PolicySpec(List.of(), Verdict.ACCEPT))
                        .apply(POD, a, EBGP));
        PathAttributes noCommunities = attrs();
        assertSame(
                noCommunities,
                setting(new SetSpec(null, null, null, List.of("65000:1"), null, List.of("1:1:1"), null))
                        .apply(POD, noCommunities, EBGP));
    }

    // ---- first-match and default ----

    @Test
    void firstMatchingTermDecides() {
        PolicySpec spec = new PolicySpec(
                List.of(
                        PolicyTerm.reject(
                                "no-default",
                                MatchSpec.prefixList(PrefixListRef.inline(
                                        List.of(PrefixListEntry.permit("0.0.0.0/0", null, null))))),
                        PolicyTerm.accept("prefer-tor", communities("65000:100"), localPref(300)),
                        PolicyTerm.accept(
                                "pods",
                                MatchSpec.prefixList(PrefixListRef.inline(
                                        List.of(PrefixListEntry.permit("10.244.0.0/16", null, 32)))),
                                localPref(100)),
                        PolicyTerm.accept("never-reached", MatchSpec.ANY, localPref(1))),
                Verdict.REJECT);
        CompiledPolicy policy = CompiledPolicy.compile("tor-in", spec);
        PathAttributes tagged = attrs(new Communities(new int[] {65000 << 16 | 100}));
        assertNull(policy.apply(p("0.0.0.0/0"), tagged, EBGP), "term 0 rejects before term 1 could accept");
        assertEquals(new LocalPref(300), policy.apply(POD, tagged, EBGP).find(LocalPref.class));
        assertEquals(new LocalPref(100), policy.apply(POD, attrs(), EBGP).find(LocalPref.class));
        assertEquals(
                new LocalPref(1), policy.apply(p("192.0.2.0/24"), attrs(), EBGP).find(LocalPref.class));
    }

    @Test
    void explainsWhichTermRejects() {
        PolicySpec spec = new PolicySpec(
                List.of(
                        PolicyTerm.reject(
                                "no-default",
                                MatchSpec.prefixList(PrefixListRef.inline(
                                        List.of(PrefixListEntry.permit("0.0.0.0/0", null, null))))),
                        PolicyTerm.accept(
                                "pods",
                                MatchSpec.prefixList(PrefixListRef.inline(
                                        List.of(PrefixListEntry.permit("10.244.0.0/16", null, 32)))),
                                null)),
                Verdict.REJECT);
        CompiledPolicy policy = CompiledPolicy.compile("tor-in", spec);
        assertEquals(
                "rejected by policy tor-in term 'no-default' (terms[0]) (action reject)",
                policy.explainRejection(p("0.0.0.0/0"), attrs(), EBGP));
        assertEquals(
                "rejected by policy tor-in: no term matched, default action reject",
                policy.explainRejection(p("192.0.2.0/24"), attrs(), EBGP));
        assertEquals("policy tor-in term 'pods' (terms[1]) accepts it", policy.explainRejection(POD, attrs(), EBGP));
    }

    @Test
    void defaultActionWhenNoTermMatches() {
        MatchSpec m = communities("65000:1");
        PathAttributes a = attrs();
        assertNull(
                CompiledPolicy.compile("r", new PolicySpec(List.of(PolicyTerm.accept("x", m, null)), null))
                        .apply(POD, a, EBGP),
                "default is reject");
        assertSame(
                a,
                CompiledPolicy.compile("a", new PolicySpec(List.of(PolicyTerm.reject("x", m)), Verdict.ACCEPT))
                        .apply(POD, a, EBGP));
        assertNull(CompiledPolicy.compile("e", new PolicySpec(null, null)).apply(POD, a, EBGP));
    }

    @Test
    void rejectTermRejects() {
        CompiledPolicy policy =
                CompiledPolicy.compile("r", new PolicySpec(List.of(PolicyTerm.reject("all", null)), Verdict.ACCEPT));
        assertNull(policy.apply(POD, attrs(), EBGP));
    }

    // ---- values ----

    @Test
    void policiesAreValues() {
        PolicySpec spec = new PolicySpec(List.of(PolicyTerm.accept("x", communities("1:1"), localPref(5))), null);
        assertEquals(CompiledPolicy.compile("a", spec), CompiledPolicy.compile("b", spec), "the name does not count");
        assertEquals(
                CompiledPolicy.compile("a", spec).hashCode(),
                CompiledPolicy.compile("b", spec).hashCode());
        PolicySpec other = new PolicySpec(List.of(PolicyTerm.accept("x", communities("1:1"), localPref(6))), null);
        assertNotEquals(CompiledPolicy.compile("a", spec), CompiledPolicy.compile("a", other));
    }

    @Test
    void changingANamedPrefixListChangesThePolicy() {
        PolicySpec spec = new PolicySpec(
                List.of(PolicyTerm.accept("x", MatchSpec.prefixList(PrefixListRef.named("pods")), null)), null);
        CompiledPolicy before = CompiledPolicy.compile(
                "in", spec, Map.of("pods", List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 26))));
        CompiledPolicy same = CompiledPolicy.compile(
                "in", spec, Map.of("pods", List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 26))));
        CompiledPolicy after = CompiledPolicy.compile(
                "in", spec, Map.of("pods", List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 32))));
        assertEquals(before, same);
        assertNotEquals(before, after);
        assertEquals(
                List.of(PrefixListEntry.permit("10.244.0.0/16", 26, 26)),
                before.spec().terms().get(0).match().prefixList().entries());
    }
}
