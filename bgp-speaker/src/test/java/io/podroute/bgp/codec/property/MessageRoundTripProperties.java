package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.EncoderException;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.UnknownCapability;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties (1) encode → decode is the identity, (2) decode → encode reproduces the bytes, and (3)
 * the length field is the buffer length and within the context's limit, or encoding throws {@link
 * EncoderException}: for every message type, under random contexts (4-octet AS, add-path per family,
 * extended messages).
 */
class MessageRoundTripProperties {
    /** A context and a message valid in it. */
    record Case(CodecContext ctx, BgpMessage message) {}

    @Property(tries = 400)
    void openRoundTrips(@ForAll("opens") Case c, @ForAll @IntRange(max = 7) int junk) {
        Statistics.label("fits").collect(RoundTrip.fits(c.message(), c.ctx()));
        RoundTrip.check(c.message(), c.ctx(), junk);
    }

    @Property(tries = 600)
    void updateRoundTrips(@ForAll("updates") Case c, @ForAll @IntRange(max = 7) int junk) {
        Statistics.label("fits").collect(RoundTrip.fits(c.message(), c.ctx()));
        RoundTrip.check(c.message(), c.ctx(), junk);
    }

    @Property(tries = 300)
    void notificationRoundTrips(@ForAll("notifications") Case c, @ForAll @IntRange(max = 7) int junk) {
        Statistics.label("fits").collect(RoundTrip.fits(c.message(), c.ctx()));
        RoundTrip.check(c.message(), c.ctx(), junk);
    }

    @Property(tries = 50)
    void keepaliveRoundTrips(@ForAll("keepalives") Case c, @ForAll @IntRange(max = 7) int junk) {
        assertTrue(RoundTrip.check(c.message(), c.ctx(), junk));
        assertEquals(BgpCodec.HEADER_LENGTH, RoundTrip.encode(c.message(), c.ctx()).length);
    }

    @Property(tries = 300)
    void routeRefreshRoundTrips(@ForAll("routeRefreshes") Case c, @ForAll @IntRange(max = 7) int junk) {
        assertTrue(RoundTrip.check(c.message(), c.ctx(), junk));
        assertEquals(23, RoundTrip.encode(c.message(), c.ctx()).length);
    }

    /**
     * UPDATEs packed with /24s beyond 4096 bytes: refused with {@link EncoderException} unless extended
     * messages were negotiated (RFC 8654), then accepted up to 65535 bytes.
     */
    @Property(tries = 20)
    void oversizedUpdateNeedsExtendedMessages(
            @ForAll("contexts") CodecContext ctx, @ForAll @IntRange(min = 1020, max = 17000) int count) {
        UpdateMessage m = packed(count, ctx.addPathIpv4());
        int length = RoundTrip.unlimitedLength(m, ctx);
        Statistics.label("beyond 65535").collect(length < 0);
        assertFalse(RoundTrip.check(m, ctx.withExtendedMessage(false), 3));
        assertEquals(length > 0, RoundTrip.check(m, ctx.withExtendedMessage(true), 3));
    }

    @Example
    void messageOfExactlyTheLimitFitsAndOneMoreDoesNot() {
        CodecContext ctx = CodecContext.MODERN;
        int room = ctx.maxMessageLength() - BgpCodec.HEADER_LENGTH - 2;
        assertTrue(RoundTrip.check(new NotificationMessage(6, 0, new byte[room]), ctx, 1));
        assertFalse(RoundTrip.check(new NotificationMessage(6, 0, new byte[room + 1]), ctx, 1));
        CodecContext ext = ctx.withExtendedMessage(true);
        int extRoom = ext.maxMessageLength() - BgpCodec.HEADER_LENGTH - 2;
        assertTrue(RoundTrip.check(new NotificationMessage(6, 0, new byte[extRoom]), ext, 0));
        ByteBuf out = Unpooled.buffer();
        try {
            assertThrows(
                    EncoderException.class,
                    () -> BgpCodec.encode(new NotificationMessage(6, 0, new byte[extRoom + 1]), ext, out));
            assertEquals(0, out.writerIndex());
        } finally {
            RoundTrip.release(out);
        }
    }

    /** {@code count} /24s sharing one attribute set, with path ids 1.. when add-path is on. */
    /** An OPEN over 4096 bytes (RFC 9072 parameters) needs extended messages like any other message. */
    @Example
    void oversizedOpenNeedsExtendedMessages() {
        List<Capability> caps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            caps.add(new UnknownCapability(200, new byte[250]));
        }
        OpenMessage open = new OpenMessage(4, 65001, 90, 1, List.of(caps), true);
        assertFalse(RoundTrip.check(open, CodecContext.MODERN, 2));
        assertTrue(RoundTrip.check(open, CodecContext.MODERN.withExtendedMessage(true), 2));
    }

    private static UpdateMessage packed(int count, boolean addPath) {
        List<Prefix> prefixes = new ArrayList<>(count);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            prefixes.add(Prefix.ipv4(0x0A00_0000 + (i << 8), 24));
            ids[i] = i + 1;
        }
        PathAttributes attrs = PathAttributes.of(Origin.IGP, AsPath.sequence(65001), new NextHop(0x0A00_0001));
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attrs, PrefixList.of(false, prefixes, addPath ? ids : null));
    }

    @Provide
    Arbitrary<CodecContext> contexts() {
        return AttributeArbitraries.contexts();
    }

    @Provide
    Arbitrary<Case> opens() {
        return contexts().flatMap(ctx -> MessageArbitraries.open().map(m -> new Case(ctx, m)));
    }

    @Provide
    Arbitrary<Case> updates() {
        return contexts().flatMap(ctx -> MessageArbitraries.update(ctx).map(m -> new Case(ctx, m)));
    }

    @Provide
    Arbitrary<Case> notifications() {
        return contexts().flatMap(ctx -> MessageArbitraries.notification().map(m -> new Case(ctx, m)));
    }

    @Provide
    Arbitrary<Case> keepalives() {
        return contexts().flatMap(ctx -> MessageArbitraries.keepalive().map(m -> new Case(ctx, m)));
    }

    @Provide
    Arbitrary<Case> routeRefreshes() {
        return contexts().flatMap(ctx -> MessageArbitraries.routeRefresh().map(m -> new Case(ctx, m)));
    }

    /** Used by other property classes too: any valid message under a random context. */
    static Arbitrary<Case> anyCase() {
        return AttributeArbitraries.contexts()
                .flatMap(ctx -> MessageArbitraries.anyMessage(ctx).map(m -> new Case(ctx, m)));
    }
}
