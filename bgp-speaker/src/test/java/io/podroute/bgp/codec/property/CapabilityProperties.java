package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.CapabilityCodec;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.capability.UnknownCapability;
import io.podroute.bgp.codec.message.OpenMessage;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property (4) for capabilities, one property per type: the TLV is code, length and the value of an
 * independent reference encoding (RFC 5492 §4), decodes back to an equal capability, and an OPEN
 * carrying it round-trips.
 */
class CapabilityProperties {
    @Property(tries = 100)
    void multiprotocol(@ForAll("multiprotocols") Capability c) {
        MultiprotocolCapability m = (MultiprotocolCapability) c;
        check(
                c,
                Capability.MULTIPROTOCOL,
                new Bytes().u16(m.family().afi()).u8(0).u8(m.family().safi()));
    }

    @Property(tries = 5)
    void routeRefresh(@ForAll("routeRefreshes") Capability c) {
        check(c, Capability.ROUTE_REFRESH, new Bytes());
    }

    @Property(tries = 5)
    void enhancedRouteRefresh(@ForAll("enhancedRouteRefreshes") Capability c) {
        check(c, Capability.ENHANCED_ROUTE_REFRESH, new Bytes());
    }

    @Property(tries = 5)
    void extendedMessage(@ForAll("extendedMessages") Capability c) {
        check(c, Capability.EXTENDED_MESSAGE, new Bytes());
    }

    @Property(tries = 100)
    void fourOctetAs(@ForAll("fourOctetAses") Capability c) {
        check(c, Capability.FOUR_OCTET_AS, new Bytes().u32(((FourOctetAsCapability) c).asn()));
    }

    @Property(tries = 200)
    void gracefulRestart(@ForAll("gracefulRestarts") Capability c) {
        GracefulRestartCapability g = (GracefulRestartCapability) c;
        Bytes b = new Bytes().u16(g.flags() << 12 | g.restartTime());
        for (GracefulRestartCapability.FamilyEntry f : g.families()) {
            b.u16(f.family().afi()).u8(f.family().safi()).u8(f.flags());
        }
        check(c, Capability.GRACEFUL_RESTART, b);
    }

    @Property(tries = 200)
    void addPath(@ForAll("addPaths") Capability c) {
        Bytes b = new Bytes();
        for (AddPathCapability.FamilyEntry f : ((AddPathCapability) c).families()) {
            b.u16(f.family().afi()).u8(f.family().safi()).u8(f.sendReceive());
        }
        check(c, Capability.ADD_PATH, b);
    }

    @Property(tries = 200)
    void unknownCapability(@ForAll("unknownCapabilities") Capability c) {
        UnknownCapability u = (UnknownCapability) c;
        assertTrue(!MessageArbitraries.KNOWN_CAPABILITY_CODES.contains(u.code()));
        check(c, u.code(), new Bytes().raw(u.value()));
    }

    private static void check(Capability c, int code, Bytes value) {
        byte[] v = value.toArray();
        byte[] expected = new Bytes().u8(code).u8(v.length).raw(v).toArray();
        assertEquals(expected.length, CapabilityCodec.encodedLength(List.of(c)));
        ByteBuf buf = Unpooled.buffer();
        try {
            CapabilityCodec.encode(c, buf);
            assertArrayEquals(expected, ByteBufUtil.getBytes(buf));
            List<Capability> decoded = CapabilityCodec.decodeAll(buf, expected.length);
            assertEquals(0, buf.readableBytes());
            assertEquals(List.of(c), decoded);
        } finally {
            RoundTrip.release(buf);
        }
        // In an OPEN, in both parameter formats (RFC 5492 when it fits 255 bytes, and RFC 9072).
        for (boolean extended : new boolean[] {false, true}) {
            OpenMessage open =
                    new OpenMessage(4, 65001, 90, 0x0A000001, List.of(List.of(c)), extended || expected.length > 253);
            assertTrue(RoundTrip.check(open, CodecContext.MODERN, 0));
        }
    }

    @Provide
    Arbitrary<Capability> multiprotocols() {
        return MessageArbitraries.multiprotocolCapability();
    }

    @Provide
    Arbitrary<Capability> routeRefreshes() {
        return MessageArbitraries.routeRefreshCapability();
    }

    @Provide
    Arbitrary<Capability> enhancedRouteRefreshes() {
        return MessageArbitraries.enhancedRouteRefreshCapability();
    }

    @Provide
    Arbitrary<Capability> extendedMessages() {
        return MessageArbitraries.extendedMessageCapability();
    }

    @Provide
    Arbitrary<Capability> fourOctetAses() {
        return MessageArbitraries.fourOctetAsCapability();
    }

    @Provide
    Arbitrary<Capability> gracefulRestarts() {
        return MessageArbitraries.gracefulRestartCapability();
    }

    @Provide
    Arbitrary<Capability> addPaths() {
        return MessageArbitraries.addPathCapability();
    }

    @Provide
    Arbitrary<Capability> unknownCapabilities() {
        return MessageArbitraries.unknownCapability();
    }
}
