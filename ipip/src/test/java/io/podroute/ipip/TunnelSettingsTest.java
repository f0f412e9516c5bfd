package io.podroute.ipip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.routes.Addresses;
import io.podroute.routes.Protocols;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

class TunnelSettingsTest {
    private static final Inet4Address NODE = (Inet4Address) Addresses.inet("192.168.1.10");

    @Test
    void defaultsAndLimits() {
        TunnelSettings d = TunnelSettings.defaults(NODE, null);
        assertEquals("tunl0", d.kernelDevice());
        assertEquals("podtun0", d.userspaceDevice());
        assertEquals(Protocols.PODROUTE, d.protocol());
        assertTrue(d.txQueueLength() >= TunnelSettings.MIN_TX_QUEUE_LENGTH);
        assertTrue(d.offloads());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new TunnelSettings(NODE, null, "tunl0", "podtun0", 77, 500, 64, true));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new TunnelSettings(NODE, null, "tunl0", "a-very-long-device-name", 77, 4000, 64, true));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TunnelSettings(NODE, null, "tunl0", "podtun0", 77, 4000, 0, true));
        assertEquals(DataPlaneChoice.USERSPACE, DataPlaneChoice.parse(" userspace "));
    }
}
