package io.podroute.bgp.codec.bench;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding whole UPDATE messages (header included) with {@link BgpCodec#decode}; one operation is one
 * prefix, so the score is prefixes per second and {@code gc.alloc.rate.norm} is bytes per prefix. Each
 * decoded prefix is read through the primitive accessors of {@link PrefixList} (never {@code get(i)},
 * which builds a {@code Prefix} object) and the sum handed to the blackhole, so the decode cannot be
 * eliminated.
 *
 * <p>Run with {@code ops/bench/codec.sh}; see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UpdateDecodeBenchmark {
    private ByteBuf[] ipv4Singles;
    private ByteBuf ipv4Packed24;
    private ByteBuf ipv4Packed26;
    private ByteBuf ipv6Packed64;

    @Setup
    public void setUp() {
        ipv4Singles = UpdateFixtures.inputs(UpdateFixtures.ipv4Singles());
        ipv4Packed24 = UpdateFixtures.inputs(UpdateFixtures.packIpv4(24))[0];
        ipv4Packed26 = UpdateFixtures.inputs(UpdateFixtures.packIpv4(26))[0];
        ipv6Packed64 = UpdateFixtures.inputs(UpdateFixtures.packIpv6())[0];
    }

    /** {@value UpdateFixtures#SINGLE_BATCH} UPDATEs of one /24 each. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.SINGLE_BATCH)
    public void ipv4OnePerUpdate(Blackhole bh) {
        for (ByteBuf in : ipv4Singles) {
            bh.consume(touchIpv4(decode(in), bh));
        }
    }

    /** One 4096-byte UPDATE of {@value UpdateFixtures#IPV4_PACKED_24} /24 prefixes. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.IPV4_PACKED_24)
    public long ipv4Packed24(Blackhole bh) {
        return touchIpv4(decode(ipv4Packed24), bh);
    }

    /** One 4096-byte UPDATE of {@value UpdateFixtures#IPV4_PACKED_26} /26 prefixes. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.IPV4_PACKED_26)
    public long ipv4Packed26(Blackhole bh) {
        return touchIpv4(decode(ipv4Packed26), bh);
    }

    /** One 4096-byte UPDATE of {@value UpdateFixtures#IPV6_PACKED_64} /64 prefixes in MP_REACH_NLRI. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.IPV6_PACKED_64)
    public long ipv6Packed64(Blackhole bh) {
        UpdateMessage m = decode(ipv6Packed64);
        bh.consume(m);
        PrefixList p = m.mpReach().nlri();
        long sum = 0;
        for (int i = 0; i < p.size(); i++) {
            sum += (p.ipv6High(i) ^ p.ipv6Low(i)) + p.length(i);
        }
        return sum;
    }

    private static UpdateMessage decode(ByteBuf in) {
        in.readerIndex(0);
        return (UpdateMessage) BgpCodec.decode(in, UpdateFixtures.CTX);
    }

    private static long touchIpv4(UpdateMessage m, Blackhole bh) {
        bh.consume(m);
        PrefixList p = m.nlri();
        long sum = 0;
        for (int i = 0; i < p.size(); i++) {
            sum += p.ipv4Address(i) + p.length(i);
        }
        return sum;
    }
}
