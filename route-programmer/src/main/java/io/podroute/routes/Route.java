package io.podroute.routes;

import io.podroute.netlink.wire.Rtnl;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A kernel route as podroute programs it and as it parses it from a dump. Immutable.
 *
 * <p>Zero means "absent" for {@code ifIndex}, {@code nexthopId}, {@code mtu} and {@code advmss};
 * {@code gateway} is null when absent; {@code multipath} is empty unless ECMP. An IPv6 priority of 0
 * is stored as 1024, the metric the kernel assigns, so that desired and dumped routes compare
 * equal. Routes that use a nexthop object ({@code nexthopId != 0}) carry no gateway, interface or
 * multipath of their own: the kernel derives those from the object.
 */
public record Route(
        Prefix dst,
        int table,
        int protocol,
        int priority,
        RouteType type,
        int scope,
        InetAddress gateway,
        int ifIndex,
        boolean onlink,
        List<NextHop> multipath,
        int nexthopId,
        int mtu,
        int advmss) {

    public static final int IPV6_DEFAULT_METRIC = 1024;

    public Route {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(type, "type");
        multipath = List.copyOf(multipath);
        if (!dst.isIpv4() && priority == 0) {
            priority = IPV6_DEFAULT_METRIC;
        }
        if (gateway != null && Prefix.isV4(gateway) != dst.isIpv4()) {
            throw new IllegalArgumentException("gateway family differs from " + dst);
        }
    }

    public static Builder builder(Prefix dst) {
        return new Builder(dst);
    }

    public static Builder builder(String dst) {
        return new Builder(Prefix.parse(dst));
    }

    public RouteKey key() {
        return new RouteKey(table, dst, priority);
    }

    public int family() {
        return dst.family();
    }

    public Builder toBuilder() {
        Builder b = new Builder(dst)
                .table(table)
                .protocol(protocol)
                .priority(priority)
                .type(type)
                .scope(scope)
                .gateway(gateway)
                .ifIndex(ifIndex)
                .onlink(onlink)
                .multipath(multipath)
                .nexthopId(nexthopId)
                .mtu(mtu)
                .advmss(advmss);
        return b;
    }

    /**
     * Whether the kernel's {@code actual} route is what this desired route asks for. An interface
     * index of 0 here accepts whichever interface the kernel resolved from the gateway.
     */
    public boolean satisfiedBy(Route actual) {
        return dst.equals(actual.dst)
                && table == actual.table
                && protocol == actual.protocol
                && priority == actual.priority
                && type == actual.type
                && scope == actual.scope
                && Objects.equals(gateway, actual.gateway)
                && (ifIndex == 0 || ifIndex == actual.ifIndex)
                && onlink == actual.onlink
                && nexthopId == actual.nexthopId
                && mtu == actual.mtu
                && advmss == actual.advmss
                && multipathSatisfiedBy(actual.multipath);
    }

    private boolean multipathSatisfiedBy(List<NextHop> other) {
        if (multipath.size() != other.size()) {
            return false;
        }
        for (int i = 0; i < multipath.size(); i++) {
            NextHop want = multipath.get(i);
            NextHop got = other.get(i);
            if (!Objects.equals(want.gateway(), got.gateway())
                    || (want.ifIndex() != 0 && want.ifIndex() != got.ifIndex())
                    || want.weight() != got.weight()
                    || want.onlink() != got.onlink()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(dst);
        if (nexthopId != 0) {
            sb.append(" nhid ").append(nexthopId);
        }
        if (gateway != null) {
            sb.append(" via ").append(Addresses.format(gateway));
        }
        if (ifIndex != 0) {
            sb.append(" dev#").append(ifIndex);
        }
        for (NextHop nh : multipath) {
            sb.append(' ').append(nh);
        }
        sb.append(" table ").append(table).append(" proto ").append(protocol);
        sb.append(" metric ").append(priority);
        if (onlink) {
            sb.append(" onlink");
        }
        if (mtu != 0) {
            sb.append(" mtu ").append(mtu);
        }
        if (advmss != 0) {
            sb.append(" advmss ").append(advmss);
        }
        return sb.toString();
    }

    /** Builds a route; unset fields take the values `ip route add` would use. */
    public static final class Builder {
        private final Prefix dst;
        private int table = Rtnl.RT_TABLE_MAIN;
        private int protocol = Rtnl.RTPROT_BOOT;
        private int priority;
        private RouteType type = RouteType.UNICAST;
        private int scope = -1;
        private InetAddress gateway;
        private int ifIndex;
        private boolean onlink;
        private List<NextHop> multipath = List.of();
        private int nexthopId;
        private int mtu;
        private int advmss;

        private Builder(Prefix dst) {
            this.dst = dst;
        }

        public Builder table(int v) {
            table = v;
            return this;
        }

        public Builder protocol(int v) {
            protocol = v;
            return this;
        }

        public Builder priority(int v) {
            priority = v;
            return this;
        }

        public Builder type(RouteType v) {
            type = v;
            return this;
        }

        /** Explicit rtm_scope; by default derived as `ip` does (link for IPv4 device routes). */
        public Builder scope(int v) {
            scope = v;
            return this;
        }

        public Builder gateway(InetAddress v) {
            gateway = v;
            return this;
        }

        public Builder gateway(String v) {
            return gateway(Addresses.inet(v));
        }

        public Builder ifIndex(int v) {
            ifIndex = v;
            return this;
        }

        public Builder onlink(boolean v) {
            onlink = v;
            return this;
        }

        public Builder multipath(List<NextHop> v) {
            multipath = v;
            return this;
        }

        public Builder nexthopId(int v) {
            nexthopId = v;
            return this;
        }

        public Builder mtu(int v) {
            mtu = v;
            return this;
        }

        public Builder advmss(int v) {
            advmss = v;
            return this;
        }

        public Route build() {
            int s = scope >= 0 ? scope : defaultScope();
            return new Route(
                    dst, table, protocol, priority, type, s, gateway, ifIndex, onlink, multipath, nexthopId, mtu,
                    advmss);
        }

        private int defaultScope() {
            boolean deviceOnly = gateway == null && multipath.isEmpty() && nexthopId == 0;
            if (dst.isIpv4() && type == RouteType.UNICAST && deviceOnly) {
                return Rtnl.RT_SCOPE_LINK;
            }
            if (type == RouteType.LOCAL) {
                return Rtnl.RT_SCOPE_HOST;
            }
            return Rtnl.RT_SCOPE_UNIVERSE;
        }
    }
}
