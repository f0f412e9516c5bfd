package io.podroute.agent.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.ipip.mode.IpipMode;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The route each best path becomes, through the real {@link HopPaths} over a fake underlay: node A
 * on our subnet, node B behind the router, the ToR on our subnet, a multihop router behind it, and a
 * node the kernel has no route to.
 */
class RouteResolverTest {
    private static final Prefix BLOCK = Prefix.parse("10.244.7.0/26");
    private static final InetAddress NODE_A = Addresses.inet("192.168.1.20");
    private static final InetAddress NODE_B = Addresses.inet("192.168.2.10");
    private static final InetAddress TOR = Addresses.inet("192.168.1.1");
    private static final InetAddress FAR_ROUTER = Addresses.inet("10.0.0.1");
    private static final InetAddress GONE = Addresses.inet("172.16.0.1");
    private static final InetAddress REFLECTOR = Addresses.inet("192.168.1.5");
    private static final InetAddress REFLECTOR_2 = Addresses.inet("192.168.1.6");

    private final FakeUnderlay underlay = new FakeUnderlay()
            .connected("192.168.1.20", "192.168.1.0/24")
            .connected("192.168.1.1", "192.168.1.0/24")
            .viaGateway("192.168.2.10", "192.168.1.1")
            .viaGateway("10.0.0.1", "192.168.1.1");
    private final FakeTunnel tunnel = new FakeTunnel();

    private HopPaths paths(IpipMode mode) {
        HopPaths p = new HopPaths(mode, underlay);
        p.setNodes(Map.of(NODE_A, "node-a", NODE_B, "node-b", GONE, "node-gone"));
        return p;
    }

    private static Hop hop(InetAddress nextHop) {
        return new Hop(nextHop, REFLECTOR);
    }

    private static Route direct(Prefix prefix, InetAddress via) {
        return Route.builder(prefix).gateway(via).build();
    }

    private static String details(Resolved r) {
        return String.join("\n", r.details());
    }

    @Test
    void aNodeOnOurSubnetGetsAPlainRouteViaItsAddress() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(NODE_A)), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("direct", r.kind());
        assertEquals(direct(BLOCK, NODE_A), r.route());
        assertTrue(r.installed());
        assertNull(r.tunnelNode());
        assertNull(r.device());
        assertEquals(List.of(hop(NODE_A)), r.hops());
        assertTrue(details(r).contains("node node-a: direct"), details(r));
    }

    @Test
    void crossSubnetTunnelsToANodeBehindARouter() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(NODE_B)), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("ipip", r.kind());
        assertEquals(tunnel.routeTo(BLOCK, (Inet4Address) NODE_B), r.route());
        assertEquals(FakeTunnel.IFINDEX, r.route().ifIndex());
        assertTrue(r.route().onlink());
        assertEquals(FakeTunnel.MTU, r.route().mtu());
        assertEquals(NODE_B, r.tunnelNode());
        assertEquals("tunl0", r.device());
        assertTrue(details(r).contains("ip-in-ip via tunl0"), details(r));
        assertTrue(details(r).contains("via 192.168.1.1"), details(r));
    }

    @Test
    void alwaysTunnelsEvenToAConnectedNodeWithoutAskingTheKernel() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(NODE_A)), paths(IpipMode.ALWAYS), tunnel);
        assertEquals("ipip", r.kind());
        assertEquals(tunnel.routeTo(BLOCK, (Inet4Address) NODE_A), r.route());
        assertEquals(NODE_A, r.tunnelNode());
        assertEquals(0, underlay.lookups());
    }

    @Test
    void neverRoutesDirectlyEvenBehindARouter() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(NODE_B)), paths(IpipMode.NEVER), tunnel);
        assertEquals("direct", r.kind());
        assertEquals(direct(BLOCK, NODE_B), r.route());
        assertNull(r.tunnelNode());
        assertEquals(0, underlay.lookups());
    }

    @Test
    void aConnectedRouterIsDirectInEveryModeAndARouterBehindAGatewayCannotBeTunnelled() {
        for (IpipMode mode : IpipMode.values()) {
            Resolved tor = RouteResolver.resolve(BLOCK, List.of(hop(TOR)), paths(mode), tunnel);
            assertEquals("direct", tor.kind(), mode.name());
            assertEquals(direct(BLOCK, TOR), tor.route(), mode.name());
        }
        Resolved far = RouteResolver.resolve(BLOCK, List.of(hop(FAR_ROUTER)), paths(IpipMode.ALWAYS), tunnel);
        assertEquals("unresolved", far.kind());
        assertFalse(far.installed());
        assertNull(far.route());
        assertNull(far.tunnelNode());
        assertTrue(details(far).contains("not a node"), details(far));
        assertTrue(details(far).contains("only nodes decapsulate IP-in-IP"), details(far));
        assertTrue(details(far).contains("(from 192.168.1.5)"), details(far));
    }

    @Test
    void aNodeThatNeedsTheTunnelIsUnresolvedWithoutATunnelDataPlane() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(NODE_B)), paths(IpipMode.CROSS_SUBNET), null);
        assertEquals("unresolved", r.kind());
        assertNull(r.route());
        assertTrue(details(r).contains("no tunnel data plane is running"), details(r));
        // A direct one needs no tunnel.
        Resolved a = RouteResolver.resolve(BLOCK, List.of(hop(NODE_A)), paths(IpipMode.CROSS_SUBNET), null);
        assertEquals(direct(BLOCK, NODE_A), a.route());
    }

    @Test
    void aNodeTheKernelCannotReachIsUnresolved() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(GONE)), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("unresolved", r.kind());
        assertNull(r.route());
        assertTrue(details(r).contains("node node-gone: unresolved"), details(r));
        assertTrue(details(r).contains("ENETUNREACH"), details(r));
    }

    @Test
    void twoDirectNextHopsMakeOneMultipathRoute() {
        Resolved r = RouteResolver.resolve(BLOCK, List.of(hop(NODE_A), hop(TOR)), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("ecmp", r.kind());
        Route want = Route.builder(BLOCK)
                .multipath(List.of(NextHop.via(NODE_A, 0), NextHop.via(TOR, 0)))
                .build();
        assertEquals(want, r.route());
        assertEquals(0, r.route().mtu());
        assertNull(r.route().gateway());
        assertNull(r.tunnelNode());
        assertNull(r.device());
        assertEquals(2, r.details().size());
    }

    @Test
    void aDirectAndATunnelledNextHopShareOneRouteWithTheTunnelMtu() {
        Resolved r =
                RouteResolver.resolve(BLOCK, List.of(hop(NODE_A), hop(NODE_B)), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("ecmp", r.kind());
        Route want = Route.builder(BLOCK)
                .multipath(List.of(NextHop.via(NODE_A, 0), new NextHop(NODE_B, FakeTunnel.IFINDEX, 1, true)))
                .mtu(FakeTunnel.MTU)
                .build();
        assertEquals(want, r.route());
        assertEquals(NODE_B, r.tunnelNode());
        assertEquals("tunl0", r.device());
    }

    @Test
    void oneUsableNextHopOfTwoMakesASingleRoute() {
        Resolved r =
                RouteResolver.resolve(BLOCK, List.of(hop(GONE), hop(NODE_B)), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("ipip", r.kind());
        assertEquals(tunnel.routeTo(BLOCK, (Inet4Address) NODE_B), r.route());
        assertTrue(r.route().multipath().isEmpty());
        assertEquals(NODE_B, r.tunnelNode());
        assertEquals(2, r.details().size());
        assertEquals(List.of(hop(GONE), hop(NODE_B)), r.hops());
    }

    @Test
    void theSameNextHopFromTwoReflectorsIsOneNextHop() {
        // Two route reflectors reflect node A's path: the ECMP set has (A, rr1) and (A, rr2). The
        // kernel rejects a multipath route with a duplicate IPv6 gateway (EEXIST) and would weigh an
        // IPv4 one twice: one plain route.
        List<Hop> hops = List.of(new Hop(NODE_A, REFLECTOR), new Hop(NODE_A, REFLECTOR_2));
        Resolved r = RouteResolver.resolve(BLOCK, hops, paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("direct", r.kind());
        assertEquals(direct(BLOCK, NODE_A), r.route());
        assertEquals(hops, r.hops());
        // Through the tunnel, too.
        List<Hop> viaB = List.of(new Hop(NODE_B, REFLECTOR), new Hop(NODE_B, REFLECTOR_2));
        Resolved b = RouteResolver.resolve(BLOCK, viaB, paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("ipip", b.kind());
        assertEquals(tunnel.routeTo(BLOCK, (Inet4Address) NODE_B), b.route());
    }

    @Test
    void anIpv6NextHopForAnIpv4PrefixIsUnresolved() {
        Resolved r = RouteResolver.resolve(
                BLOCK, List.of(hop(Addresses.inet("fd00::20"))), paths(IpipMode.CROSS_SUBNET), tunnel);
        assertEquals("unresolved", r.kind());
        assertNull(r.route());
        assertTrue(details(r).contains("family differs"), details(r));
        assertEquals(0, underlay.lookups());
    }

    @Test
    void anOwnBlockIsABlackholeAtTheGivenMetric() {
        Resolved r = RouteResolver.blackhole(BLOCK, 1000);
        assertEquals("blackhole", r.kind());
        assertEquals(BLOCK, r.prefix());
        assertTrue(r.installed());
        assertEquals(RouteType.BLACKHOLE, r.route().type());
        assertEquals(1000, r.route().priority());
        assertEquals(BLOCK, r.route().dst());
        assertNull(r.route().gateway());
        assertEquals(0, r.route().ifIndex());
        assertTrue(r.route().multipath().isEmpty());
        assertTrue(r.hops().isEmpty());
        assertNull(r.tunnelNode());
        assertEquals(1, r.details().size());
    }
}
