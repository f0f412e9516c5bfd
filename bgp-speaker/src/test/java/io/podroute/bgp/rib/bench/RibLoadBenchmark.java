package io.podroute.bgp.rib.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.RibConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads 100 000 and 1 000 000 IPv4 /24 prefixes from one eBGP peer into a {@link Rib}, delivered as
 * UPDATEs packed to 4096 bytes (1001 prefixes each, one attribute set: ORIGIN, a 4-AS path, NEXT_HOP,
 * MED, three communities) and built with the codec. Measures, per size: the wall and CPU time to
 * decode every UPDATE with {@link BgpCodec#decode} and apply it with {@link Rib#applyUpdate} (a
 * listener receives every best-path change, as the agent's would); and the heap the loaded RIB holds,
 * as used heap after {@code System.gc()} with the RIB loaded minus the same without it, divided by the
 * number of prefixes (G1 counts whole regions for the large arrays, so this moves in steps), and
 * {@link Rib#arrayBytes()} per prefix (the exact size of the RIB's arrays). Then the same 1 000 000 prefixes from two peers (two paths per prefix, both in
 * the ECMP set), as on a node with two ToR uplinks. Not a test: run it with {@code ops/bench/rib.sh}. Repeats each size a few times and
 * reports every run; the first runs include JIT warm-up.
 */
public final class RibLoadBenchmark {
    private static final CodecContext CTX = CodecContext.MODERN;
    private static final PeerInfo[] PEERS = {peer(1), peer(2)};

    private static PeerInfo peer(int n) {
        try {
            return new PeerInfo(
                    InetAddress.getByAddress(new byte[] {10, 0, (byte) 254, (byte) n}),
                    4_200_001_001L,
                    65000,
                    0x0A00_FE00 + n,
                    PeerType.EBGP,
                    false);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private RibLoadBenchmark() {}

    /** Packed UPDATEs, encoded, announcing {@code count} consecutive /24s from 16.0.0.0. */
    static List<byte[]> feed(int count) {
        PathAttributes attrs = PathAttributes.of(
                Origin.IGP,
                AsPath.sequence((int) 4_200_001_001L, (int) 4_200_000_101L, (int) 4_200_000_001L, 65_010),
                new NextHop(0x0A00_FE01),
                new MultiExitDisc(10),
                new Communities(new int[] {(65_010 << 16) | 100, (65_010 << 16) | 200, (65_010 << 16) | 3_001}));
        int perUpdate = (CTX.maxMessageLength() - BgpCodec.HEADER_LENGTH - 4 - attrs.encodedLength(CTX)) / 4;
        List<byte[]> out = new ArrayList<>();
        for (int start = 0; start < count; start += perUpdate) {
            int n = Math.min(perUpdate, count - start);
            List<Prefix> prefixes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                prefixes.add(Prefix.ipv4(0x1000_0000 + ((start + i) << 8), 24));
            }
            UpdateMessage u = UpdateMessage.of(PrefixList.EMPTY_IPV4, attrs, PrefixList.of(false, prefixes));
            ByteBuf buf = BgpCodec.encode(u, CTX, ByteBufAllocator.DEFAULT);
            try {
                if (buf.readableBytes() > CTX.maxMessageLength()) {
                    throw new IllegalStateException("UPDATE of " + buf.readableBytes() + " bytes");
                }
                out.add(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return out;
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

    /** Loads {@code feed} from {@code peers} peers (the same prefixes and attributes from each). */
    private static void run(int count, List<byte[]> feed, int peers) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = usedAfterGc();
        Rib rib = new Rib(RibConfig.of(65000, 0x0A00_0001));
        long[] changes = new long[1];
        rib.addListener(c -> changes[0] += c.size());
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int p = 0; p < peers; p++) {
            for (byte[] message : feed) {
                UpdateMessage u = (UpdateMessage) BgpCodec.decode(Unpooled.wrappedBuffer(message), CTX);
                rib.applyUpdate(PEERS[p], u, RoutePolicy.ACCEPT_ALL);
            }
        }
        long t1 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        // One ADD per prefix, then (second peer) one REPLACE per prefix as the ECMP set grows to two.
        if (rib.prefixCount() != count || changes[0] != (long) count * peers) {
            throw new IllegalStateException("loaded " + rib.prefixCount() + " prefixes, " + changes[0] + " changes");
        }
        long after = usedAfterGc();
        double bytesPerRoute = (double) (after - before) / count;
        System.out.printf(
                Locale.ROOT,
                "peers=%d routes=%d updates=%d wall_s=%.3f cpu_s=%.3f paths_per_s=%.0f heap_bytes_per_prefix=%.1f"
                        + " array_bytes_per_prefix=%.1f"
                        + " attribute_sets=%d%n",
                peers,
                count,
                feed.size() * peers,
                (t1 - t0) / 1e9,
                (cpu1 - cpu0) / 1e9,
                (double) count * peers / ((t1 - t0) / 1e9),
                bytesPerRoute,
                (double) rib.arrayBytes() / count,
                rib.attributeSetCount());
        if (rib.pathCount() != count * peers) {
            throw new IllegalStateException("paths " + rib.pathCount());
        }
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf(
                Locale.ROOT,
                "# java %s, max heap %d MiB, %d cpus%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        for (int count : new int[] {100_000, 1_000_000}) {
            List<byte[]> feed = feed(count);
            for (int r = 0; r < repeats; r++) {
                run(count, feed, 1);
            }
        }
        List<byte[]> feed = feed(1_000_000);
        for (int r = 0; r < repeats; r++) {
            run(1_000_000, feed, 2);
        }
    }
}
