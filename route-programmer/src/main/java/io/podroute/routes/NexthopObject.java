package io.podroute.routes;

import io.podroute.netlink.wire.Rtnl;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A kernel nexthop object (RTM_NEWNEXTHOP, Linux 5.3+): a gateway and/or device, a blackhole, or
 * a group of other nexthop objects for ECMP. Routes refer to it by {@code id}; moving a peer node is
 * one update of its object instead of a rewrite of every route through it.
 *
 * @param gateway null for device-only, blackhole and group objects
 * @param group members for an ECMP group, empty otherwise
 */
public record NexthopObject(
        int id, int protocol, InetAddress gateway, int ifIndex, boolean onlink, boolean blackhole, List<Member> group) {

    /** A group member: the id of a non-group nexthop object and its weight (1..256). */
    public record Member(int id, int weight) {
        public Member {
            if (weight < 1 || weight > 256) {
                throw new IllegalArgumentException("weight " + weight + " outside 1..256");
            }
        }
    }

    public NexthopObject {
        if (id <= 0) {
            throw new IllegalArgumentException("nexthop id must be positive: " + id);
        }
        group = List.copyOf(group);
        int kinds = (gateway != null || ifIndex != 0 ? 1 : 0) + (blackhole ? 1 : 0) + (group.isEmpty() ? 0 : 1);
        if (kinds != 1) {
            throw new IllegalArgumentException(
                    "nexthop " + id + " must be exactly one of: gateway/device, blackhole, group");
        }
    }

    public static NexthopObject via(int id, int protocol, InetAddress gateway, int ifIndex, boolean onlink) {
        return new NexthopObject(id, protocol, Objects.requireNonNull(gateway), ifIndex, onlink, false, List.of());
    }

    public static NexthopObject blackhole(int id, int protocol) {
        return new NexthopObject(id, protocol, null, 0, false, true, List.of());
    }

    public static NexthopObject group(int id, int protocol, List<Member> members) {
        return new NexthopObject(id, protocol, null, 0, false, false, members);
    }

    public boolean isGroup() {
        return !group.isEmpty();
    }

    /** nhm_family: the gateway's family; AF_INET for blackhole and device-only (as `ip`); AF_UNSPEC for groups. */
    public int family() {
        if (isGroup()) {
            return Rtnl.AF_UNSPEC;
        }
        return gateway == null || Prefix.isV4(gateway) ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }

    /** Whether the kernel's object matches this one (interface 0 here accepts any resolved one). */
    public boolean satisfiedBy(NexthopObject actual) {
        return id == actual.id
                && protocol == actual.protocol
                && Objects.equals(gateway, actual.gateway)
                && (ifIndex == 0 || ifIndex == actual.ifIndex)
                && onlink == actual.onlink
                && blackhole == actual.blackhole
                && group.equals(actual.group);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("id ").append(id);
        if (gateway != null) {
            sb.append(" via ").append(Addresses.format(gateway));
        }
        if (ifIndex != 0) {
            sb.append(" dev#").append(ifIndex);
        }
        if (onlink) {
            sb.append(" onlink");
        }
        if (blackhole) {
            sb.append(" blackhole");
        }
        if (isGroup()) {
            sb.append(" group ");
            for (int i = 0; i < group.size(); i++) {
                sb.append(i == 0 ? "" : "/")
                        .append(group.get(i).id())
                        .append(',')
                        .append(group.get(i).weight());
            }
        }
        return sb.append(" proto ").append(protocol).toString();
    }
}
