package io.podroute.ipip.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.ipip.mode.PeerPath.Kind;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mode decisions against a fake underlay: a map from node IP to the FIB entry the kernel would
 * return for {@code ip route get fibmatch} (route-programmer's FakeKernel models tables, not
 * lookups, so this seam has its own small fake).
 */
class ModeDeciderTest {
    private static final InetAddress SAME = Addresses.inet("192.168.1.20");
    private static final InetAddress OTHER = Addresses.inet("192.168.2.10");
    private static final InetAddress GONE = Addresses.inet("172.16.0.1");

    private final Map<InetAddress, Route> fib = new HashMap<>();
    private int lookups;

    private final UnderlayRoutes fake = address -> {
        lookups++;
        Route r = fib.get(address);
        if (r == null) {
            throw new NetlinkException(Errno.ENETUNREACH, "get " + address.getHostAddress());
        }
        return r;
    };

    ModeDeciderTest() {
        fib.put(SAME, connected("192.168.1.0/24"));
        fib.put(
                OTHER,
                Route.builder("0.0.0.0/0").gateway("192.168.1.1").ifIndex(2).build());
    }

    private static Route connected(String subnet) {
        return Route.builder(subnet).ifIndex(2).protocol(2).build();
    }

    @Test
    void alwaysTunnelsAndNeverRoutesWithoutAskingTheKernel() throws Exception {
        assertEquals(
                Kind.TUNNEL, new ModeDecider(IpipMode.ALWAYS, fake).decide(SAME).kind());
        assertEquals(
                Kind.DIRECT, new ModeDecider(IpipMode.NEVER, fake).decide(OTHER).kind());
        assertEquals(0, lookups);
    }

    @Test
    void crossSubnetRoutesConnectedPeersDirectlyAndTunnelsThoseBehindAGateway() throws Exception {
        ModeDecider d = new ModeDecider(IpipMode.CROSS_SUBNET, fake);
        PeerPath same = d.decide(SAME);
        assertEquals(Kind.DIRECT, same.kind());
        assertTrue(same.reason().contains("192.168.1.0/24"), same.reason());
        PeerPath other = d.decide(OTHER);
        assertEquals(Kind.TUNNEL, other.kind());
        assertTrue(other.reason().contains("via 192.168.1.1"), other.reason());
        assertEquals(2, lookups);
    }

    @Test
    void aNodeIpRegisteredAsSlash32OnTheSameSegmentIsStillDirect() throws Exception {
        // The node announces 192.168.1.20/32, but the kernel's FIB entry is the connected /24:
        // comparing configured prefix lengths would say "other subnet", the kernel says "connected".
        ModeDecider d = new ModeDecider(IpipMode.CROSS_SUBNET, fake);
        assertEquals(Kind.DIRECT, d.decide(Addresses.inet("192.168.1.20")).kind());
        // A host route with the node itself as gateway (onlink) is also direct.
        fib.put(
                SAME,
                Route.builder("192.168.1.20/32")
                        .gateway("192.168.1.20")
                        .ifIndex(2)
                        .onlink(true)
                        .build());
        assertEquals(Kind.DIRECT, d.decide(SAME).kind());
    }

    @Test
    void multipathNexthopObjectsAndNonUnicastRoutes() throws Exception {
        ModeDecider d = new ModeDecider(IpipMode.CROSS_SUBNET, fake);
        fib.put(
                OTHER,
                Route.builder("192.168.2.0/24")
                        .multipath(List.of(
                                NextHop.via(Addresses.inet("192.168.1.1"), 2),
                                NextHop.via(Addresses.inet("192.168.1.2"), 2)))
                        .build());
        assertEquals(Kind.TUNNEL, d.decide(OTHER).kind());
        fib.put(OTHER, Route.builder("192.168.2.0/24").nexthopId(7).build());
        assertEquals(Kind.TUNNEL, d.decide(OTHER).kind());
        fib.put(OTHER, Route.builder("192.168.2.0/24").type(RouteType.BLACKHOLE).build());
        assertEquals(Kind.UNREACHABLE, d.decide(OTHER).kind());
        fib.put(
                OTHER,
                Route.builder(Prefix.parse("192.168.2.10/32"))
                        .type(RouteType.LOCAL)
                        .build());
        assertEquals(Kind.UNREACHABLE, d.decide(OTHER).kind());
    }

    @Test
    void noRouteIsUnreachableAndOtherErrorsPropagate() throws Exception {
        ModeDecider d = new ModeDecider(IpipMode.CROSS_SUBNET, fake);
        PeerPath gone = d.decide(GONE);
        assertEquals(Kind.UNREACHABLE, gone.kind());
        assertTrue(gone.reason().contains("ENETUNREACH"), gone.reason());
        ModeDecider broken = new ModeDecider(IpipMode.CROSS_SUBNET, a -> {
            throw new NetlinkException(Errno.EPERM, "get");
        });
        assertEquals(
                Errno.EPERM,
                assertThrows(NetlinkException.class, () -> broken.decide(SAME)).errno());
    }

    @Test
    void peerPathsReevaluateOnUnderlayChangesAndReportOnlyChanges() throws Exception {
        PeerPaths paths = new PeerPaths(new ModeDecider(IpipMode.CROSS_SUBNET, fake));
        assertEquals(2, paths.setPeers(Set.of(SAME, OTHER)).size());
        assertEquals(List.of(), paths.setPeers(Set.of(SAME, OTHER)));
        assertEquals(List.of(), paths.reevaluate());
        // The underlay changes: OTHER's subnet becomes connected (an address was added on eth1).
        fib.put(OTHER, connected("192.168.2.0/24"));
        List<PeerPath> changed = paths.reevaluate();
        assertEquals(1, changed.size());
        assertEquals(OTHER, changed.get(0).nodeIp());
        assertEquals(Kind.DIRECT, paths.path(OTHER).kind());
        // A peer leaves.
        paths.setPeers(Set.of(SAME));
        assertEquals(Set.of(SAME), paths.snapshot().keySet());
    }

    @Test
    void theMonitorListenerIgnoresOurOwnRoutes() {
        int[] signals = {0};
        UnderlayChangeListener l = new UnderlayChangeListener(77, () -> signals[0]++);
        l.onRoute(Route.builder("10.244.2.0/24").protocol(77).build(), false);
        assertEquals(0, signals[0]);
        l.onRoute(connected("192.168.3.0/24"), false);
        l.onOverflow();
        assertEquals(2, signals[0]);
    }

    @Test
    void modesParseAsCalicoSpellsThem() {
        assertEquals(IpipMode.CROSS_SUBNET, IpipMode.parse("CrossSubnet"));
        assertEquals(IpipMode.ALWAYS, IpipMode.parse("Always"));
        assertEquals(IpipMode.NEVER, IpipMode.parse("never"));
        assertThrows(IllegalArgumentException.class, () -> IpipMode.parse("sometimes"));
    }
}
