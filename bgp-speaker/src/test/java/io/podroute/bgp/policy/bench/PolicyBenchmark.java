package io.podroute.bgp.policy.bench;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.policy.CompiledPolicy;
import io.podroute.bgp.policy.MatchSpec;
import io.podroute.bgp.policy.PodNetworkPolicies;
import io.podroute.bgp.policy.PolicyConfig;
import io.podroute.bgp.policy.PolicySpec;
import io.podroute.bgp.policy.PolicyTerm;
import io.podroute.bgp.policy.PrefixListEntry;
import io.podroute.bgp.policy.PrefixListRef;
import io.podroute.bgp.policy.SetSpec;
import io.podroute.bgp.policy.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Import policy evaluation over {@value #N} distinct IPv4 prefixes (built once; 3 in 4 are /26 pod
 * blocks inside 10.0.0.0/8, 1 in 4 are /24s outside it), one shared attribute set. One operation is
 * one {@code apply}, so the score is nanoseconds per prefix and {@code gc.alloc.rate.norm} bytes per
 * prefix. Each benchmark returns the number of accepted routes so that nothing is dead code.
 *
 * <p>Run with {@code ops/bench/codec.sh 'io.podroute.bgp.policy.bench.*' ...}; see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {
    static final int N = 1 << 20;
    private static final int LARGE_LIST = 1000;

    private Prefix[] prefixes;
    private PathAttributes attributes;
    private PeerInfo peer;
    private CompiledPolicy podImport;
    private CompiledPolicy torImport;
    private CompiledPolicy torImportChanging;
    private CompiledPolicy largeList;

    @Setup
    public void setUp() throws UnknownHostException {
        SplittableRandom rnd = new SplittableRandom(42);
        prefixes = new Prefix[N];
        for (int i = 0; i < N; i++) {
            prefixes[i] = i % 4 == 3
                    ? Prefix.ipv4(0xC0000000 | (rnd.nextInt() & 0x00FF_FF00), 24)
                    : Prefix.ipv4(0x0A00_0000 | (rnd.nextInt() & 0x00FF_FFC0), 26);
        }
        peer = new PeerInfo(InetAddress.getByName("192.0.2.1"), 65001, 64512, 0x0A000002, PeerType.EBGP, false);
        attributes = PathAttributes.of(
                Origin.IGP,
                AsPath.sequence(65001, 65002),
                new NextHop(0xC0000201),
                new LocalPref(200),
                new Communities(new int[] {65000 << 16 | 100, 65000 << 16 | 7}));
        podImport =
                PodNetworkPolicies.importPolicy(List.of(new PodNetworkPolicies.Pool("10.0.0.0/8", 26)), true, false);
        torImport = tor(new SetSpec(200L, null, null, null, null, null, null));
        torImportChanging = tor(new SetSpec(null, null, List.of("64512:1"), null, null, null, null));
        largeList = large(rnd);
    }

    /** Reject default and long paths, prefer tagged routes, accept pod blocks; default reject. */
    private static CompiledPolicy tor(SetSpec tagged) {
        List<PrefixListEntry> pods = List.of(PrefixListEntry.permit("10.0.0.0/8", 26, 32));
        PolicySpec spec = new PolicySpec(
                List.of(
                        PolicyTerm.reject(
                                "no-default",
                                MatchSpec.prefixList(PrefixListRef.inline(
                                        List.of(PrefixListEntry.permit("0.0.0.0/0", null, null))))),
                        PolicyTerm.reject("long-paths", new MatchSpec(null, 10, null, null, null, null, null)),
                        PolicyTerm.accept(
                                "tagged",
                                new MatchSpec(
                                        PrefixListRef.named("pods"),
                                        null,
                                        null,
                                        null,
                                        65001L,
                                        List.of("65000:100"),
                                        null),
                                tagged),
                        PolicyTerm.accept("pods", MatchSpec.prefixList(PrefixListRef.named("pods")), null)),
                Verdict.REJECT);
        return new PolicyConfig(Map.of("pods", pods), Map.of("tor-in", spec))
                .compile()
                .get("tor-in");
    }

    /** One term over a {@value #LARGE_LIST}-entry prefix list of random /8../24 prefixes with ge/le. */
    private static CompiledPolicy large(SplittableRandom rnd) {
        List<PrefixListEntry> entries = new ArrayList<>();
        for (int i = 0; i < LARGE_LIST; i++) {
            int len = 8 + rnd.nextInt(17);
            Prefix p = Prefix.ipv4(0x0A00_0000 | (rnd.nextInt() & 0x00FF_FFFF), len);
            entries.add(
                    rnd.nextBoolean()
                            ? PrefixListEntry.permit(p.toString(), len + 1, Math.min(32, len + 1 + rnd.nextInt(8)))
                            : PrefixListEntry.deny(p.toString(), null, 32));
        }
        return CompiledPolicy.compile(
                "large",
                new PolicySpec(
                        List.of(PolicyTerm.accept("list", MatchSpec.prefixList(PrefixListRef.inline(entries)), null)),
                        Verdict.REJECT));
    }

    private int run(CompiledPolicy policy) {
        int accepted = 0;
        for (Prefix p : prefixes) {
            if (policy.apply(p, attributes, peer) != null) {
                accepted++;
            }
        }
        return accepted;
    }

    /** The pod-network import policy (default-route guard, pool /8 with /26 blocks and /32 hosts). */
    @Benchmark
    @OperationsPerInvocation(N)
    public int podImport() {
        return run(podImport);
    }

    /** Four terms: prefix lists, AS_PATH length, neighbour AS, community; the set is a no-op. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int torImportUnchanged() {
        return run(torImport);
    }

    /** The same, but the tagged term adds a community: a new attribute set per accepted route. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int torImportChanging() {
        return run(torImportChanging);
    }

    /** A {@value #LARGE_LIST}-entry prefix list. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int largePrefixList() {
        return run(largeList);
    }
}
