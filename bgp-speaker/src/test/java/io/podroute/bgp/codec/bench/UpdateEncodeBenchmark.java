package io.podroute.bgp.codec.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.message.UpdateMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encoding whole UPDATE messages (header included) with {@link BgpCodec#encode(
 * io.podroute.bgp.codec.message.BgpMessage, CodecContext, ByteBuf)} into one reused heap buffer,
 * cleared before each message; one operation is one prefix, as in {@link UpdateDecodeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UpdateEncodeBenchmark {
    private UpdateMessage[] ipv4Singles;
    private UpdateMessage ipv4Packed24;
    private UpdateMessage ipv4Packed26;
    private UpdateMessage ipv6Packed64;
    private ByteBuf out;

    @Setup
    public void setUp() {
        ipv4Singles = UpdateFixtures.ipv4Singles();
        ipv4Packed24 = UpdateFixtures.packIpv4(24);
        ipv4Packed26 = UpdateFixtures.packIpv4(26);
        ipv6Packed64 = UpdateFixtures.packIpv6();
        out = Unpooled.buffer(CodecContext.MAX_MESSAGE_LENGTH);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    /** {@value UpdateFixtures#SINGLE_BATCH} UPDATEs of one /24 each. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.SINGLE_BATCH)
    public int ipv4OnePerUpdate() {
        int total = 0;
        for (UpdateMessage m : ipv4Singles) {
            total += encode(m);
        }
        return total;
    }

    /** One 4096-byte UPDATE of {@value UpdateFixtures#IPV4_PACKED_24} /24 prefixes. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.IPV4_PACKED_24)
    public int ipv4Packed24() {
        return encode(ipv4Packed24);
    }

    /** One 4096-byte UPDATE of {@value UpdateFixtures#IPV4_PACKED_26} /26 prefixes. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.IPV4_PACKED_26)
    public int ipv4Packed26() {
        return encode(ipv4Packed26);
    }

    /** One 4096-byte UPDATE of {@value UpdateFixtures#IPV6_PACKED_64} /64 prefixes in MP_REACH_NLRI. */
    @Benchmark
    @OperationsPerInvocation(UpdateFixtures.IPV6_PACKED_64)
    public int ipv6Packed64() {
        return encode(ipv6Packed64);
    }

    private int encode(UpdateMessage m) {
        out.clear();
        BgpCodec.encode(m, UpdateFixtures.CTX, out);
        return out.writerIndex();
    }
}
