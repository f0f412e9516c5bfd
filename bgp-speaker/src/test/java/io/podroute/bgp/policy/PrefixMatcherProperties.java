package io.podroute.bgp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The compiled trie agrees with a naive linear reading of the prefix list (first entry whose prefix
 * contains the candidate and whose length range admits it) on random lists and prefixes. Addresses are
 * drawn from a few short "stems" so that entries and candidates overlap often.
 */
class PrefixMatcherProperties {
    @Property(tries = 400)
    void trieAgreesWithLinearScan(
            @ForAll("entryLists") List<PrefixListEntry> entries, @ForAll("candidateLists") List<Prefix> candidates) {
        PrefixMatcher m = PrefixMatcher.compile(entries, "prefixLists.p");
        for (Prefix c : candidates) {
            int expected = linearFirstMatch(entries, c);
            assertEquals(expected, m.firstMatch(c), () -> c + " against " + entries);
            assertEquals(expected >= 0 && entries.get(expected).action() == PrefixAction.PERMIT, m.permits(c));
        }
    }

    static int linearFirstMatch(List<PrefixListEntry> entries, Prefix c) {
        for (int i = 0; i < entries.size(); i++) {
            PrefixListEntry e = entries.get(i);
            Prefix p = Prefix.parse(e.prefix());
            int bits = p.ipv6() ? 128 : 32;
            int min;
            int max;
            if (e.ge() == null && e.le() == null) {
                min = p.length();
                max = p.length();
            } else {
                min = e.ge() != null ? e.ge() : p.length();
                max = e.le() != null ? e.le() : bits;
            }
            if (p.contains(c) && c.length() >= min && c.length() <= max) {
                return i;
            }
        }
        return -1;
    }

    @Provide
    Arbitrary<List<PrefixListEntry>> entryLists() {
        return entry().list().ofMinSize(0).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Prefix>> candidateLists() {
        return prefix().list().ofMinSize(1).ofMaxSize(30);
    }

    private static Arbitrary<Prefix> prefix() {
        Arbitrary<Prefix> v4 = Combinators.combine(
                        Arbitraries.of(0x0A000000L, 0x0AF40000L, 0x0AF40100L, 0xC0000200L, 0L, 0xFFFFFFFFL),
                        Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                        Arbitraries.integers().between(0, 32),
                        Arbitraries.integers().between(0, 32))
                .as((stem, noise, keep, len) -> new Prefix(false, mix(stem, noise, keep, 32), 0, len));
        Arbitrary<Prefix> v6 = Combinators.combine(
                        Arbitraries.of(0xFD00_0010_0000_0000L, 0x2001_0DB8_0000_0000L, 0L),
                        Arbitraries.longs(),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 128),
                        Arbitraries.integers().between(0, 128))
                .as((stem, noiseHi, lo, keep, len) ->
                        new Prefix(true, mix(stem, noiseHi, Math.min(keep, 64), 64), keep > 64 ? 0 : lo, len));
        return Arbitraries.frequencyOf(Tuple.of(3, v4), Tuple.of(2, v6));
    }

    /** The top {@code keep} bits of {@code stem}, the rest from {@code noise}. */
    private static long mix(long stem, long noise, int keep, int width) {
        long mask = keep == 0 ? 0 : (width == 64 ? -1L << (64 - keep) : (0xFFFF_FFFFL << (32 - keep)) & 0xFFFF_FFFFL);
        long all = width == 64 ? -1L : 0xFFFF_FFFFL;
        return (stem & mask) | (noise & ~mask & all);
    }

    private static Arbitrary<PrefixListEntry> entry() {
        return Combinators.combine(
                        prefix(),
                        Arbitraries.integers().between(0, 128).injectNull(0.5),
                        Arbitraries.integers().between(0, 128).injectNull(0.5),
                        Arbitraries.of(PrefixAction.class))
                .as((p, geSeed, leSeed, action) -> entryFor(p, geSeed, leSeed, action));
    }

    /** A valid entry on {@code p}: ge in (len, bits], le in [max(len, ge), bits]. */
    private static PrefixListEntry entryFor(Prefix p, Integer geSeed, Integer leSeed, PrefixAction action) {
        int bits = p.ipv6() ? 128 : 32;
        int len = p.length();
        Integer ge = geSeed == null || len == bits ? null : len + 1 + geSeed % (bits - len);
        int low = ge == null ? len : ge;
        Integer le = leSeed == null ? null : low + leSeed % (bits - low + 1);
        return new PrefixListEntry(p.toString(), ge, le, action);
    }

    @Property(tries = 50)
    void listsOfManyEntriesAgreeToo(@ForAll("bigLists") List<PrefixListEntry> entries) {
        PrefixMatcher m = PrefixMatcher.compile(entries, "prefixLists.p");
        List<Prefix> probes = new ArrayList<>();
        for (PrefixListEntry e : entries) {
            Prefix p = Prefix.parse(e.prefix());
            probes.add(p);
            int bits = p.ipv6() ? 128 : 32;
            if (p.length() < bits) {
                probes.add(new Prefix(p.ipv6(), p.hi(), p.lo(), p.length() + 1));
                probes.add(new Prefix(p.ipv6(), p.hi(), p.lo(), bits));
            }
        }
        for (Prefix c : probes) {
            assertEquals(linearFirstMatch(entries, c), m.firstMatch(c), () -> c.toString());
        }
    }

    @Provide
    Arbitrary<List<PrefixListEntry>> bigLists() {
        return entry().list().ofMinSize(50).ofMaxSize(300);
    }
}
