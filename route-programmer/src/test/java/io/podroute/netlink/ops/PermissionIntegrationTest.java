package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import org.junit.jupiter.api.Test;

/** EPERM without CAP_NET_ADMIN, typed: capabilities are per thread, so one thread drops it. */
@NetnsTest
class PermissionIntegrationTest {
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private static final int CAP_NET_ADMIN = 12;

    /** capget(2)/capset(2) with the v3 header and two data words. */
    public interface Caps {
        int capget(@In int[] header, @Out int[] data);

        int capset(@In int[] header, @In int[] data);
    }

    @Test
    void withoutNetAdminTheKernelSaysEperm(TestNetns ns) throws Exception {
        Caps caps = LibraryLoader.create(Caps.class).load("c");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
                int[] data = new int[6];
                assertEquals(0, caps.capget(header, data));
                data[0] &= ~(1 << CAP_NET_ADMIN);
                assertEquals(0, caps.capset(header, data));
                try (NetlinkHandle h = NetlinkHandle.open(ns.name())) {
                    new RouteOps(h)
                            .add(Route.builder("10.1.0.0/24")
                                    .type(RouteType.BLACKHOLE)
                                    .protocol(77)
                                    .build());
                }
                outcome.set(new AssertionError("route added without CAP_NET_ADMIN"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        t.join();
        Throwable e = outcome.get();
        assertTrue(e instanceof NetlinkException, String.valueOf(e));
        NetlinkException ne = (NetlinkException) e;
        assertTrue(ne.isPermission(), ne.toString());
        assertEquals("EPERM", ne.errno().name());
        assertTrue(ne.getMessage().contains("10.1.0.0/24"), ne.getMessage());
        assertTrue(ns.ip("route", "show", "table", "all").lines().noneMatch(l -> l.contains("10.1.0.0")));
    }
}
