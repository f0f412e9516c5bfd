package io.podroute.ipip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.routes.Addresses;
import java.net.Inet4Address;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The data-plane choice against this machine's real kernel, which has no ipip link type: RTM_NEWLINK
 * kind ipip fails with EOPNOTSUPP ("Unknown device type").
 */
@NetnsTest
class DataPlaneFallbackIT {
    private static final Inet4Address NODE = (Inet4Address) Addresses.inet("192.168.1.10");

    private static NetlinkHandle node(TestNetns ns) throws Exception {
        ns.veth("eth0", "peer0");
        ns.ip("link", "set", "eth0", "mtu", "1450");
        ns.ip("addr", "add", "192.168.1.10/24", "dev", "eth0");
        return ns.handle();
    }

    @Test
    void kernelChoiceFailsWithTheKernelsEopnotsupp(TestNetns ns) throws Exception {
        NetlinkHandle h = node(ns);
        NetlinkException e = assertThrows(
                NetlinkException.class,
                () -> DataPlanes.open(DataPlaneChoice.KERNEL, ns.name(), h, TunnelSettings.defaults(NODE, null)));
        assertEquals(Errno.ENOTSUP.number(), e.errno().number(), e.getMessage());
        assertTrue(DataPlanes.isMissingIpip(e));
        assertTrue(e.getMessage().contains("Unknown device type"), "extack kept: " + e.getMessage());
    }

    @Test
    void autoLogsOneLineAndFallsBackToTheUserspaceDataPlane(TestNetns ns) throws Exception {
        NetlinkHandle h = node(ns);
        Logger logger = (Logger) LoggerFactory.getLogger(DataPlanes.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (TunnelDataPlane t =
                DataPlanes.open(DataPlaneChoice.AUTO, ns.name(), h, TunnelSettings.defaults(NODE, (Inet4Address)
                        Addresses.inet("10.244.1.0")))) {
            assertEquals("userspace", t.kind());
            assertEquals(1430, t.mtu(), "underlay 1450 - 20");
            List<ILoggingEvent> lines = logs.list;
            assertEquals(1, lines.size(), lines.toString());
            assertEquals(Level.WARN, lines.get(0).getLevel());
            assertTrue(
                    lines.get(0).getFormattedMessage().contains("EOPNOTSUPP"),
                    lines.get(0).getFormattedMessage());
            String link = ns.ip("-d", "link", "show", "dev", "podtun0");
            assertTrue(link.contains("mtu 1430") && link.contains("qlen 10000") && link.contains("tun"), link);
            assertTrue(link.contains("UP"), link);
            assertTrue(ns.ip("-4", "addr", "show", "dev", "podtun0").contains("10.244.1.0/32"));
        } finally {
            logger.detachAppender(logs);
        }
        // Closing the data plane removes the TUN (and with it its routes).
        assertTrue(!ns.ip("-o", "link", "show").contains("podtun0"));
    }

    @Test
    void userspaceChoiceNeverTriesTheKernel(TestNetns ns) throws Exception {
        NetlinkHandle h = node(ns);
        try (TunnelDataPlane t =
                DataPlanes.open(DataPlaneChoice.USERSPACE, ns.name(), h, TunnelSettings.defaults(NODE, null))) {
            assertEquals("userspace", t.kind());
            assertTrue(!ns.ip("-o", "link", "show").contains("tunl0"));
        }
    }
}
