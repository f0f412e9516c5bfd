package io.podroute.agent.sync;

import io.podroute.ipip.mode.UnderlayRoutes;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import io.podroute.routes.Route;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's answer to {@code ip route get fibmatch ADDRESS}, per address: a connected route (no
 * gateway), a route via a gateway, or ENETUNREACH for an address it does not know. Thread-safe: the
 * route sync thread asks while the test changes the answers.
 */
final class FakeUnderlay implements UnderlayRoutes {
    private final Map<InetAddress, Route> fib = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    /** {@code address} is on the connected subnet {@code subnet}. */
    FakeUnderlay connected(String address, String subnet) {
        fib.put(
                Addresses.inet(address),
                Route.builder(subnet).ifIndex(2).protocol(2).build());
        return this;
    }

    /** {@code address} is reached through the router {@code gateway} (the default route). */
    FakeUnderlay viaGateway(String address, String gateway) {
        fib.put(
                Addresses.inet(address),
                Route.builder("0.0.0.0/0").gateway(gateway).ifIndex(2).build());
        return this;
    }

    /** No route matches {@code address}: ENETUNREACH. */
    FakeUnderlay unreachable(String address) {
        fib.remove(Addresses.inet(address));
        return this;
    }

    int lookups() {
        return lookups.get();
    }

    @Override
    public Route routeTo(InetAddress address) throws NetlinkException {
        lookups.incrementAndGet();
        Route r = fib.get(address);
        if (r == null) {
            throw new NetlinkException(Errno.ENETUNREACH, "get fibmatch " + Addresses.format(address));
        }
        return r;
    }
}
