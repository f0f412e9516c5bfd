package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * Property (6): whatever a peer sends inside a well-formed header, decoding yields a message or a
 * {@link BgpProtocolException}, never any other exception. A cheap complement to the Jazzer fuzzer:
 * random bodies, and valid messages with a few bytes overwritten or cut short. A message that decodes
 * cleanly is also a fixed point: encoding and decoding it again gives it back.
 */
class DecoderRobustnessProperties {
    @Property(tries = 3000)
    void randomBodyUnderValidHeader(
            @ForAll("contexts") CodecContext ctx, @ForAll("types") int type, @ForAll("bodies") byte[] body) {
        byte[] wire = new Bytes()
                .raw(marker())
                .u16(BgpCodec.HEADER_LENGTH + body.length)
                .u8(type)
                .raw(body)
                .toArray();
        collectOutcome(wire, ctx);
    }

    /** UPDATE bodies with a plausible skeleton reach every attribute decoder and the NLRI parser. */
    @Property(tries = 2000)
    void structuredRandomUpdate(@ForAll("contexts") CodecContext ctx, @ForAll("updateBodies") byte[] body) {
        collectOutcome(wrap(2, body), ctx);
    }

    /** OPEN bodies with a plausible skeleton reach the parameter and capability decoders. */
    @Property(tries = 1000)
    void structuredRandomOpen(@ForAll("contexts") CodecContext ctx, @ForAll("openBodies") byte[] body) {
        collectOutcome(wrap(1, body), ctx);
    }

    @Property(tries = 800)
    void mutatedValidMessage(
            @ForAll("messages") MessageRoundTripProperties.Case c,
            @ForAll("mutations") List<Tuple2<Integer, Byte>> mutations,
            @ForAll("cuts") int cut) {
        CodecContext ctx = c.ctx();
        int length = RoundTrip.unlimitedLength(c.message(), ctx);
        if (length < 0 || length > ctx.maxMessageLength()) {
            return;
        }
        byte[] wire = RoundTrip.encode(c.message(), ctx);
        int body = wire.length - BgpCodec.HEADER_LENGTH;
        if (body > 0) {
            for (Tuple2<Integer, Byte> m : mutations) {
                wire[BgpCodec.HEADER_LENGTH + m.get1() % body] = m.get2();
            }
        }
        if (cut > 0 && cut <= body) {
            wire = Arrays.copyOf(wire, wire.length - cut);
            wire[16] = (byte) (wire.length >>> 8);
            wire[17] = (byte) wire.length;
        }
        collectOutcome(wire, ctx);
    }

    /** Decodes and records the outcome; statistics are recorded even when the property fails. */
    private static void collectOutcome(byte[] wire, CodecContext ctx) {
        String outcome = "failed";
        try {
            outcome = decodeOrReject(wire, ctx);
        } finally {
            Statistics.label("outcome").collect(outcome);
        }
    }

    /** Decodes; a clean result must survive encode → decode unchanged. */
    private static String decodeOrReject(byte[] wire, CodecContext ctx) {
        BgpMessage m;
        try {
            m = RoundTrip.decode(wire, ctx);
        } catch (BgpProtocolException e) {
            assertNotNull(e.code());
            return "rejected " + e.code().code() + "/" + e.code().subcode();
        }
        if (m instanceof UpdateMessage u && !u.errors().isEmpty()) {
            return "update with " + u.verdict();
        }
        assertEquals(m, RoundTrip.decode(RoundTrip.encode(m, ctx), ctx));
        return "accepted " + m.type().label();
    }

    /** A valid header (marker, length, type) around {@code body}, cut to 65535 bytes. */
    private static byte[] wrap(int type, byte[] body) {
        byte[] b = Arrays.copyOf(body, Math.min(body.length, 0xFFFF - BgpCodec.HEADER_LENGTH));
        return new Bytes()
                .raw(marker())
                .u16(BgpCodec.HEADER_LENGTH + b.length)
                .u8(type)
                .raw(b)
                .toArray();
    }

    private static byte[] marker() {
        byte[] m = new byte[BgpCodec.MARKER_LENGTH];
        Arrays.fill(m, (byte) 0xFF);
        return m;
    }

    @Provide
    Arbitrary<CodecContext> contexts() {
        return AttributeArbitraries.contexts();
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.integers().between(1, 5)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
    }

    /** Mostly short (every length rule of every type is near), sometimes up to a few hundred bytes. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.bytes()),
                Tuple.of(2, Arbitraries.of((byte) 0, (byte) 1, (byte) 2, (byte) 4, (byte) 0x40, (byte) 0x80)),
                Tuple.of(1, Arbitraries.of((byte) 0xFF, (byte) 0x90, (byte) 0xC0, (byte) 14, (byte) 15)));
        return Arbitraries.frequencyOf(
                Tuple.of(3, b.array(byte[].class).ofMaxSize(16)),
                Tuple.of(3, b.array(byte[].class).ofMaxSize(64)),
                Tuple.of(1, b.array(byte[].class).ofMaxSize(400)));
    }

    @Provide
    Arbitrary<byte[]> updateBodies() {
        return WireArbitraries.updateBody();
    }

    @Provide
    Arbitrary<byte[]> openBodies() {
        return WireArbitraries.openBody();
    }

    /** Valid messages, UPDATEs three times as often as the rest together. */
    @Provide
    Arbitrary<MessageRoundTripProperties.Case> messages() {
        Arbitrary<MessageRoundTripProperties.Case> updates = AttributeArbitraries.contexts()
                .flatMap(ctx -> MessageArbitraries.update(ctx).map(m -> new MessageRoundTripProperties.Case(ctx, m)));
        return Arbitraries.frequencyOf(Tuple.of(3, updates), Tuple.of(1, MessageRoundTripProperties.anyCase()));
    }

    @Provide
    Arbitrary<List<Tuple2<Integer, Byte>>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 1 << 20), Arbitraries.bytes())
                .as(Tuple::of)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 40)));
    }
}
