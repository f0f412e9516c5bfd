package io.podroute.bgp.codec;

import static io.podroute.bgp.codec.Wire.capParam;
import static io.podroute.bgp.codec.Wire.message;
import static io.podroute.bgp.codec.Wire.openBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.ExtendedMessageCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.capability.UnknownCapability;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPENs that must be accepted (RFC 4271 §6.2 boundaries, RFC 5492 unknown capabilities, RFC 9072). */
class OpenDecodingTest {
    private static final String ID = "c0000201";

    @Test
    void holdTimeZeroAndThreeAreAccepted() {
        assertEquals(0, open(message(1, openBody(4, 65001, 0, ID, ""))).holdTime());
        assertEquals(3, open(message(1, openBody(4, 65001, 3, ID, ""))).holdTime());
    }

    @Test
    void unknownCapabilitiesAreKeptNotRefused() {
        OpenMessage o = open(message(1, openBody(4, 65001, 90, ID, capParam("4903 616263"))));
        assertEquals(
                List.of(new UnknownCapability(73, "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                o.capabilities());
    }

    @Test
    void capabilitiesDecodeWithTheirFields() {
        String caps = "0104 0002 0001" + "4104 fa56ea01" + "4006 8078 0001 0180" + "4504 0001 0103" + "0600";
        OpenMessage o = open(message(1, openBody(4, 23456, 90, ID, capParam(caps))));
        assertEquals(
                new MultiprotocolCapability(Family.IPV6_UNICAST),
                o.capabilities().get(0));
        assertEquals(4200000001L, o.effectiveAs());
        GracefulRestartCapability gr = o.capability(GracefulRestartCapability.class);
        assertTrue(gr.restartState());
        assertEquals(120, gr.restartTime());
        assertTrue(gr.families().get(0).forwardingState());
        AddPathCapability ap = o.capability(AddPathCapability.class);
        assertTrue(ap.families().get(0).canSend() && ap.families().get(0).canReceive());
        assertEquals(ExtendedMessageCapability.INSTANCE, o.capability(ExtendedMessageCapability.class));
    }

    @Test
    void extendedOptionalParametersOfRfc9072Decode() {
        // Non-Ext OP Len 255, Non-Ext OP Type 255, Ext OP Len, then type(1) length(2) value.
        String params = "ff ff 0009 02 0006 4104 0000fde9";
        byte[] bytes = message(1, "04 fde9 005a " + ID + params);
        OpenMessage o = open(bytes);
        assertTrue(o.extendedParameters());
        assertEquals(new FourOctetAsCapability(65001), o.capabilities().get(0));
        assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(encode(o)));
    }

    @Test
    void builtOpenUsesAsTransForLargeAs() {
        List<Capability> caps = List.of(new FourOctetAsCapability((int) 4200000001L));
        OpenMessage o = OpenMessage.of(4200000001L, 90, 0x0a000001, caps);
        assertEquals(OpenMessage.AS_TRANS, o.myAs());
        assertEquals(o, open(encode(o)));
    }

    private static OpenMessage open(byte[] bytes) {
        return (OpenMessage) BgpCodec.decode(Unpooled.wrappedBuffer(bytes), CodecContext.MODERN);
    }

    private static byte[] encode(OpenMessage o) {
        ByteBuf b = Unpooled.buffer();
        try {
            BgpCodec.encode(o, CodecContext.MODERN, b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }
}
