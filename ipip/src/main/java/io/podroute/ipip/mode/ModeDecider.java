package io.podroute.ipip.mode;

import io.podroute.ipip.mode.PeerPath.Kind;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Decides per peer node whether its blocks are routed directly or through the tunnel.
 *
 * <p>CrossSubnet asks the kernel for its own route to the node IP (one RTM_GETROUTE): a route with
 * no gateway (a connected subnet, whatever its prefix length) means the node is on our L2 segment
 * and a plain {@code block via nodeIp} works; a route through a gateway means a router sits in
 * between that knows no pod routes, so the tunnel is needed. Comparing configured prefix lengths
 * instead gets it wrong when a node IP is registered as /32. Stateless apart from its settings.
 */
public final class ModeDecider {
    private final IpipMode mode;
    private final UnderlayRoutes underlay;

    public ModeDecider(IpipMode mode, UnderlayRoutes underlay) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.underlay = Objects.requireNonNull(underlay, "underlay");
    }

    public IpipMode mode() {
        return mode;
    }

    /** The path to {@code nodeIp}'s blocks under this decider's mode. */
    public PeerPath decide(InetAddress nodeIp) throws NetlinkException {
        return switch (mode) {
            case ALWAYS -> new PeerPath(nodeIp, Kind.TUNNEL, "mode Always");
            case NEVER -> new PeerPath(nodeIp, Kind.DIRECT, "mode Never");
            case CROSS_SUBNET -> crossSubnet(nodeIp);
        };
    }

    private PeerPath crossSubnet(InetAddress nodeIp) throws NetlinkException {
        Route r;
        try {
            r = underlay.routeTo(nodeIp);
        } catch (NetlinkException e) {
            if (e.isNetUnreachable() || e.isNotFound()) {
                return new PeerPath(
                        nodeIp,
                        Kind.UNREACHABLE,
                        "no underlay route (" + e.errno().name() + ")");
            }
            throw e;
        }
        return fromRoute(nodeIp, r);
    }

    /** The CrossSubnet verdict for the kernel route {@code r} that matches {@code nodeIp}. */
    static PeerPath fromRoute(InetAddress nodeIp, Route r) {
        if (r.type() == RouteType.LOCAL) {
            return new PeerPath(nodeIp, Kind.UNREACHABLE, "node IP is a local address");
        }
        if (r.type() != RouteType.UNICAST) {
            return new PeerPath(nodeIp, Kind.UNREACHABLE, "underlay route " + r.dst() + " is " + r.type());
        }
        if (r.nexthopId() != 0) {
            return new PeerPath(nodeIp, Kind.TUNNEL, "underlay route " + r.dst() + " uses nexthop object");
        }
        for (NextHop nh : r.multipath()) {
            if (nh.gateway() != null && !nh.gateway().equals(nodeIp)) {
                return new PeerPath(
                        nodeIp, Kind.TUNNEL, "underlay route " + r.dst() + " via " + Addresses.format(nh.gateway()));
            }
        }
        if (r.gateway() != null && !r.gateway().equals(nodeIp)) {
            return new PeerPath(
                    nodeIp, Kind.TUNNEL, "underlay route " + r.dst() + " via " + Addresses.format(r.gateway()));
        }
        return new PeerPath(nodeIp, Kind.DIRECT, "directly connected (" + r.dst() + ")");
    }
}
