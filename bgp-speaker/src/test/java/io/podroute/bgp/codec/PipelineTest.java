package io.podroute.bgp.codec;

import static io.podroute.bgp.codec.Wire.basicAttrs;
import static io.podroute.bgp.codec.Wire.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.KeepaliveMessage;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three pipeline handlers on an EmbeddedChannel (leak detection is paranoid in tests). */
class PipelineTest {
    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new BgpFrameDecoder(), BgpMessageDecoder.INSTANCE, BgpMessageEncoder.INSTANCE);
    }

    @Test
    void reassemblesMessagesSplitAcrossReadsAndSplitsCoalescedOnes() {
        EmbeddedChannel ch = channel();
        byte[] ka = Wire.message(4, "");
        byte[] up = update("", basicAttrs(), "18 0a0100");
        byte[] stream = new byte[ka.length + up.length + ka.length];
        System.arraycopy(ka, 0, stream, 0, ka.length);
        System.arraycopy(up, 0, stream, ka.length, up.length);
        System.arraycopy(ka, 0, stream, ka.length + up.length, ka.length);
        // One byte at a time: the decoder must wait for whole messages.
        for (byte b : stream) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(KeepaliveMessage.INSTANCE, ch.readInbound());
        UpdateMessage u = ch.readInbound();
        assertEquals(Prefix.parse("10.1.0.0/24"), u.nlri().get(0));
        assertEquals(KeepaliveMessage.INSTANCE, ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void badMarkerFailsAtOnceAndLaterBytesAreDiscarded() {
        EmbeddedChannel ch = channel();
        byte[] bad = Wire.message(4, "");
        bad[3] = 0;
        BgpProtocolException e =
                assertThrows(BgpProtocolException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(bad)));
        assertEquals(NotificationCode.CONNECTION_NOT_SYNCHRONIZED, e.code());
        // After the error nothing more is decoded, even a valid KEEPALIVE.
        ch.writeInbound(Unpooled.wrappedBuffer(Wire.message(4, "")));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedLengthIsRejectedBeforeTheBodyArrives() {
        EmbeddedChannel ch = channel();
        byte[] header = HexFormat.of().parseHex(Wire.MARKER + "ffff02");
        BgpProtocolException e =
                assertThrows(BgpProtocolException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(header)));
        assertEquals(NotificationCode.BAD_MESSAGE_LENGTH, e.code());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff}, e.data());
        ch.finishAndReleaseAll();
    }

    @Test
    void extendedMessagesAreAcceptedOnceNegotiated() {
        EmbeddedChannel ch = channel();
        ch.attr(BgpChannelAttributes.RECEIVE).set(CodecContext.MODERN.withExtendedMessage(true));
        ch.attr(BgpChannelAttributes.SEND).set(CodecContext.MODERN.withExtendedMessage(true));
        UpdateMessage big = bigUpdate(3000);
        ch.writeOutbound(big);
        ByteBuf wire = ch.readOutbound();
        assertTrue(wire.readableBytes() > 4096);
        ch.writeInbound(wire);
        assertEquals(big, ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void encoderRefusesMessagesAboveTheLimit() {
        EmbeddedChannel ch = channel();
        EncoderException e = assertThrows(EncoderException.class, () -> ch.writeOutbound(bigUpdate(3000)));
        assertTrue(e.getMessage().contains("exceeds the maximum of 4096"), e.getMessage());
        ch.finishAndReleaseAll();
    }

    @Test
    void notificationRoundTripsWithShutdownCommunication() {
        EmbeddedChannel ch = channel();
        NotificationMessage n = NotificationMessage.shutdown("maintenance: rack 4 → new ToR");
        ch.writeOutbound(n);
        ByteBuf wire = ch.readOutbound();
        ch.writeInbound(wire);
        NotificationMessage back = ch.readInbound();
        assertEquals(n, back);
        assertEquals("maintenance: rack 4 → new ToR", back.shutdownCommunication());
        assertInstanceOf(NotificationMessage.class, back);
        assertFalse(ch.finish());
    }

    private static UpdateMessage bigUpdate(int prefixes) {
        List<Prefix> list = new ArrayList<>();
        for (int i = 0; i < prefixes; i++) {
            list.add(Prefix.ipv4(0x0a000000 | (i << 8), 24));
        }
        UpdateMessage ok = (UpdateMessage)
                BgpCodec.decode(Unpooled.wrappedBuffer(update("", basicAttrs(), "")), CodecContext.MODERN);
        PathAttributes attrs = ok.attributes();
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attrs, PrefixList.of(false, list));
    }
}
