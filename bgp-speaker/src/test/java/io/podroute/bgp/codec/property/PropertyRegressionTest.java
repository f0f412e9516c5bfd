package io.podroute.bgp.codec.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shrunk counterexamples of the properties in this package, replayed as plain tests. */
class PropertyRegressionTest {
    /**
     * An empty prefix list built with (zero) path ids was not equal to the empty list the decoder
     * returns, so an add-path MP_REACH_NLRI without prefixes did not round-trip (found by {@code
     * AttributeProperties.mpReachNlri} and {@code PrefixProperties.prefixListWireRoundTrip}).
     */
    @Test
    void emptyPrefixListWithPathIdsEqualsTheDecodedEmptyList() {
        assertEquals(PrefixList.EMPTY_IPV4, PrefixList.of(false, List.of(), new int[0]));
        assertEquals(PrefixList.EMPTY_IPV6, PrefixList.of(true, List.of(), new int[0]));

        CodecContext addPath = CodecContext.MODERN.withAddPath(true, true);
        MpReachNlri reach = MpReachNlri.of(
                Family.IPV4_UNICAST, new byte[] {0, 0, 0, 1}, PrefixList.of(false, List.of(), new int[0]));
        UpdateMessage update = UpdateMessage.of(
                PrefixList.EMPTY_IPV4, PathAttributes.of(Origin.IGP, AsPath.EMPTY, reach), PrefixList.EMPTY_IPV4);
        assertTrue(RoundTrip.check(update, addPath, 0));
    }

    /**
     * A Capabilities parameter over 255 bytes (graceful restart for 63 families) made the OPEN encoder
     * throw IllegalArgumentException for OPENs built with {@link OpenMessage#of}, although it switches
     * to the RFC 9072 format by itself whenever the parameters exceed 255 bytes (found by {@code
     * CapabilityProperties.gracefulRestart}).
     */
    @Test
    void capabilityParameterOver255BytesUsesRfc9072Format() {
        List<GracefulRestartCapability.FamilyEntry> families = new ArrayList<>();
        for (int i = 0; i < 63; i++) {
            families.add(new GracefulRestartCapability.FamilyEntry(Family.of(1, i), 0x80));
        }
        GracefulRestartCapability gr = new GracefulRestartCapability(0, 120, families);
        List<Capability> caps = List.of(gr);
        OpenMessage open = new OpenMessage(4, 65001, 90, 0x0A000001, List.of(caps), false);

        byte[] wire = RoundTrip.encode(open, CodecContext.MODERN);
        BgpMessage decoded = RoundTrip.decode(wire, CodecContext.MODERN);
        OpenMessage expected = new OpenMessage(4, 65001, 90, 0x0A000001, List.of(caps), true);
        assertEquals(expected, decoded);
        assertTrue(RoundTrip.check(expected, CodecContext.MODERN, 0));
    }
}
