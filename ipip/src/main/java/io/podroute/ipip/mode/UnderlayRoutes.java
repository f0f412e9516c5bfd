package io.podroute.ipip.mode;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Route;
import java.net.InetAddress;

/**
 * The seam in front of the kernel's route lookup for underlay addresses: a netlink implementation
 * ({@link NetlinkUnderlayRoutes}) and in-memory fakes in tests.
 */
@FunctionalInterface
public interface UnderlayRoutes {
    /**
     * The kernel's FIB entry that matches {@code address} ({@code ip route get fibmatch ADDRESS}).
     * Throws with ENETUNREACH (or ESRCH/ENOENT) when no route matches.
     */
    Route routeTo(InetAddress address) throws NetlinkException;
}
