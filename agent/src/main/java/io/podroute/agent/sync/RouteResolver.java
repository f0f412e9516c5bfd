package io.podroute.agent.sync;

import io.podroute.ipip.TunnelDataPlane;
import io.podroute.ipip.mode.PeerPath;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a best path into a kernel route: the decision the whole agent exists for. Pure: no state, no
 * I/O beyond the {@link PathLookup} it is given.
 *
 * <ul>
 *   <li>A next hop on a connected subnet (or any next hop in mode Never): {@code PREFIX via HOP} —
 *       the kernel resolves the device.
 *   <li>A node behind an L3 boundary (CrossSubnet) or any node (Always): the tunnel's route, {@code
 *       PREFIX via NODE dev TUNNEL onlink mtu M}.
 *   <li>Several usable next hops: one multipath route, each member direct or tunnelled.
 *   <li>A next hop that is not a node and not on a connected subnet (e.g. a multihop peer's address)
 *       cannot be tunnelled (nothing decapsulates there): unresolved, no route.
 * </ul>
 */
public final class RouteResolver {
    private RouteResolver() {}

    /** The blackhole for one of our own blocks: unassigned pod IPs are dropped here, not looped. */
    public static Resolved blackhole(Prefix block, int metric) {
        return blackhole(block, metric, 0);
    }

    /** As {@link #blackhole(Prefix, int)}, with the route's protocol set (the route table's). */
    public static Resolved blackhole(Prefix block, int metric, int protocol) {
        Route.Builder b = Route.builder(block).type(RouteType.BLACKHOLE).priority(metric);
        return new Resolved(block, withProtocol(b, protocol).build(), Decision.BLACKHOLE);
    }

    /**
     * Resolves {@code prefix} reached through {@code hops} (the ECMP set, best first).
     *
     * @param tunnel the IP-in-IP data plane, or null when none is running (mode Never)
     */
    public static Resolved resolve(Prefix prefix, List<Hop> hops, PathLookup lookup, TunnelDataPlane tunnel) {
        Decision d = decide(prefix.isIpv4(), hops, lookup, tunnel);
        return new Resolved(prefix, route(prefix, d, tunnel, 0), d);
    }

    /**
     * The decision for a set of next hops, valid for every prefix of the family: which members are
     * usable (direct or through the tunnel), and why each is or is not.
     */
    static Decision decide(boolean ipv4, List<Hop> hops, PathLookup lookup, TunnelDataPlane tunnel) {
        List<NextHop> usable = new ArrayList<>();
        List<String> details = new ArrayList<>();
        Inet4Address tunnelNode = null;
        Set<InetAddress> seen = new HashSet<>();
        for (Hop h : hops) {
            if (!seen.add(h.nextHop())) {
                // The same next hop from another peer (two reflectors): one member, not two (the
                // kernel rejects a duplicate IPv6 gateway in a multipath route with EEXIST).
                details.add(Addresses.format(h.nextHop()) + " (from " + Addresses.format(h.peer())
                        + "): same next hop as above");
                continue;
            }
            NextHop nh = member(ipv4, h, lookup, tunnel, details);
            if (nh == null) {
                continue;
            }
            usable.add(nh);
            if (nh.onlink() && tunnelNode == null) {
                tunnelNode = (Inet4Address) h.nextHop();
            }
        }
        String device = tunnelNode == null ? null : tunnel.deviceName();
        String kind = usable.isEmpty()
                ? "unresolved"
                : usable.size() > 1 ? "ecmp" : usable.get(0).onlink() ? "ipip" : "direct";
        return new Decision(kind, hops, usable, tunnelNode, device, details);
    }

    /**
     * Sets the route table's protocol up front (0: leave the builder's default), so that the table
     * stores the route as it is instead of a stamped copy: one Route object per prefix, not two.
     */
    private static Route.Builder withProtocol(Route.Builder b, int protocol) {
        return protocol > 0 ? b.protocol(protocol) : b;
    }

    /** {@code prefix}'s kernel route under {@code d}, or null when unresolved. */
    static Route route(Prefix prefix, Decision d, TunnelDataPlane tunnel, int protocol) {
        List<NextHop> usable = d.usable();
        if (usable.isEmpty()) {
            return null;
        }
        if (usable.size() == 1) {
            NextHop only = usable.get(0);
            return only.onlink()
                    ? tunnel.routeTo(prefix, (Inet4Address) only.gateway())
                    : withProtocol(Route.builder(prefix).gateway(only.gateway()), protocol)
                            .build();
        }
        Route.Builder b = withProtocol(Route.builder(prefix).multipath(usable), protocol);
        if (d.tunnelNode() != null) {
            b.mtu(tunnel.mtu());
        }
        return b.build();
    }

    /** One next hop: a direct or tunnelled member, or null (with the reason added to {@code details}). */
    private static NextHop member(
            boolean ipv4, Hop h, PathLookup lookup, TunnelDataPlane tunnel, List<String> details) {
        InetAddress hop = h.nextHop();
        String via = Addresses.format(hop) + " (from " + Addresses.format(h.peer()) + ")";
        if (ipv4 != (hop instanceof Inet4Address)) {
            details.add(via + ": unresolved: next hop family differs from the prefix's (not supported)");
            return null;
        }
        String node = lookup.nodeAt(hop);
        PeerPath path = lookup.path(hop);
        String who = node == null ? "" : " node " + node;
        switch (path.kind()) {
            case DIRECT -> {
                details.add(via + who + ": direct, " + path.reason());
                return NextHop.via(hop, 0);
            }
            case TUNNEL -> {
                if (node == null) {
                    details.add(via + ": unresolved: not a node and not on a connected subnet (" + path.reason()
                            + "); only nodes decapsulate IP-in-IP");
                    return null;
                }
                if (tunnel == null || !(hop instanceof Inet4Address)) {
                    details.add(via + who + ": unresolved: needs IP-in-IP (" + path.reason()
                            + ") but no tunnel data plane is running");
                    return null;
                }
                details.add(via + who + ": ip-in-ip via " + tunnel.deviceName() + ", " + path.reason());
                return new NextHop(hop, tunnel.ifIndex(), 1, true);
            }
            default -> {
                details.add(via + who + ": unresolved: " + path.reason());
                return null;
            }
        }
    }
}
