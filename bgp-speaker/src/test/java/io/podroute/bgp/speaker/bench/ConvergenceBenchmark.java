package io.podroute.bgp.speaker.bench;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.rib.BestPathChange;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.speaker.BgpSpeaker;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.bgp.testing.NetnsThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * podroute's side of {@code ops/bench/bgp-converge.sh}: a {@link BgpSpeaker} in network namespace
 * {@code ns} peers (active, eBGP, import accept-all, export nothing, no kernel) with a feeder that
 * already holds {@code N} IPv4 prefixes, and measures, per round, the time from Established until all
 * {@code N} are in the Loc-RIB, the CPU seconds of this JVM process over that window, and the heap per
 * route. Each round starts a fresh speaker (a fresh RIB) in the same JVM and shuts it down afterwards;
 * round 1 therefore includes JIT warm-up. Not a test.
 *
 * <p>How: before Established the speaker's loop is idle, so the main thread polls {@link
 * BgpSpeaker#peers()} every millisecond; on seeing ESTABLISHED it takes the start as now minus the
 * session's uptime, and the process CPU time (utime + stime of /proc/self/stat, 10 ms resolution). A {@link io.podroute.bgp.rib.RibListener} (called on the
 * loop, as the agent's would be) counts ADDs minus WITHDRAWs and, at {@code N}, takes the end time and
 * the process CPU time. Heap: used heap after {@code System.gc()} (minimum of five) with the routes
 * loaded minus the same before the speaker was started, divided by {@code N}; also {@link
 * Rib#arrayBytes()} per route.
 *
 * <p>Arguments: {@code ns feederAddress localAddress localAs feederAs prefixes rounds}. Prints one
 * {@code podroute ...} line of key=value pairs per round on standard output.
 */
public final class ConvergenceBenchmark {
    private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ESTABLISH_TIMEOUT = Duration.ofMinutes(2);

    private ConvergenceBenchmark() {}

    /** Counts the Loc-RIB's prefixes from best-path changes; records time and CPU when it reaches N. */
    private static final class Counter {
        private final long target;
        private final CountDownLatch done = new CountDownLatch(1);
        private long prefixes;
        private volatile long endNanos;
        private volatile long endCpuNanos;

        Counter(long target) {
            this.target = target;
        }

        void onChanges(List<BestPathChange> changes) {
            for (BestPathChange c : changes) {
                if (c.kind() == BestPathChange.Kind.ADD) {
                    prefixes++;
                } else if (c.kind() == BestPathChange.Kind.WITHDRAW) {
                    prefixes--;
                }
            }
            if (prefixes >= target && done.getCount() > 0) {
                endNanos = System.nanoTime();
                endCpuNanos = processCpuNanos();
                done.countDown();
            }
        }
    }

    /**
     * CPU time of the whole JVM process (every thread: event loop, GC, JIT compilers), from utime + stime
     * in /proc/self/stat, in USER_HZ ticks (100 per second on Linux), so with 10 ms resolution.
     */
    static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after "(comm)": state is field 3, utime field 14, stime field 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
            return ticks * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/stat", e);
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private record Setup(String ns, InetAddress feeder, InetAddress local, long localAs, long feederAs, int prefixes) {}

    private static void round(int round, Setup s, NetnsThread netns) throws InterruptedException {
        long heapBefore = usedAfterGc();
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(s.localAs(), 0x0A00_0002).withOwnAddresses(Set.of(s.local())),
                List.of(),
                s.local(),
                null,
                false);
        PeerConfig session = PeerConfig.builder(s.feeder(), s.feederAs())
                .connectRetry(Duration.ofSeconds(1))
                .connectRetryMax(Duration.ofSeconds(2))
                .build();
        SpeakerPeer peer = new SpeakerPeer(session, RoutePolicy.ACCEPT_ALL, RoutePolicy.REJECT_ALL, null, false);
        Counter counter = new Counter(s.prefixes());
        BgpSpeaker speaker = BgpSpeaker.start(cfg, List.of(peer), netns);
        try {
            speaker.addListener(counter::onChanges);
            long startNanos;
            long startCpu;
            long deadline = System.nanoTime() + ESTABLISH_TIMEOUT.toNanos();
            while (true) {
                PeerStatus st = speaker.peers().get(0);
                if (st.state() == SessionState.ESTABLISHED) {
                    long now = System.nanoTime();
                    startCpu = processCpuNanos();
                    Duration up = st.stats().uptime();
                    startNanos = now - (up == null ? 0 : up.toNanos());
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no session with the feeder " + s.feeder() + ": " + st);
                }
                Thread.sleep(1);
            }
            if (!counter.done.await(CONVERGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("only " + speaker.query(Rib::prefixCount) + " of " + s.prefixes()
                        + " prefixes after " + CONVERGE_TIMEOUT + ": " + speaker.peers());
            }
            int inRib = speaker.query(Rib::prefixCount);
            long arrayBytes = speaker.query(Rib::arrayBytes);
            int attributeSets = speaker.query(Rib::attributeSetCount);
            long heapAfter = usedAfterGc();
            System.out.printf(
                    Locale.ROOT,
                    "podroute round=%d prefixes=%d loc_rib=%d time_s=%.3f cpu_s=%.3f heap_b_per_route=%.1f"
                            + " array_b_per_route=%.1f attribute_sets=%d%n",
                    round,
                    s.prefixes(),
                    inRib,
                    (counter.endNanos - startNanos) / 1e9,
                    (counter.endCpuNanos - startCpu) / 1e9,
                    (double) (heapAfter - heapBefore) / s.prefixes(),
                    (double) arrayBytes / s.prefixes(),
                    attributeSets);
            System.out.flush();
        } finally {
            speaker.shutdown("benchmark round finished");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 7) {
            throw new IllegalArgumentException(
                    "usage: ConvergenceBenchmark ns feederAddress localAddress localAs feederAs prefixes rounds");
        }
        Setup s = new Setup(
                args[0],
                ip(args[1]),
                ip(args[2]),
                Long.parseLong(args[3]),
                Long.parseLong(args[4]),
                Integer.parseInt(args[5]));
        int rounds = Integer.parseInt(args[6]);
        System.out.printf(
                Locale.ROOT,
                "# podroute: java %s, max heap %d MiB, %d cpus, %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (NetnsThread netns = new NetnsThread(s.ns())) {
            for (int r = 1; r <= rounds; r++) {
                round(r, s, netns);
                // Let the feeder see the Cease and listen again before the next round connects.
                Thread.sleep(1000);
            }
        }
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
