package io.podroute.routes.reconcile;

import io.podroute.routes.NextHop;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For kernels without nexthop objects (before Linux 5.3): rewrites routes that point at an object
 * into plain gateway routes (a group becomes RTA_MULTIPATH), so callers can always describe routes
 * by nexthop id. A route naming an unknown object is dropped from the expansion and reported.
 */
public final class NexthopFallback {
    private NexthopFallback() {}

    /** The expanded routes, and the ones whose object is not in {@code nexthops}. */
    public record Expansion(List<Route> routes, List<Route> unresolved) {}

    public static Expansion expand(Collection<Route> routes, Collection<NexthopObject> nexthops) {
        Map<Integer, NexthopObject> byId = new HashMap<>();
        for (NexthopObject n : nexthops) {
            byId.put(n.id(), n);
        }
        List<Route> out = new ArrayList<>(routes.size());
        List<Route> unresolved = new ArrayList<>();
        for (Route r : routes) {
            if (r.nexthopId() == 0) {
                out.add(r);
                continue;
            }
            Route plain = resolve(r, byId);
            if (plain == null) {
                unresolved.add(r);
            } else {
                out.add(plain);
            }
        }
        return new Expansion(out, unresolved);
    }

    private static Route resolve(Route r, Map<Integer, NexthopObject> byId) {
        NexthopObject nh = byId.get(r.nexthopId());
        if (nh == null) {
            return null;
        }
        Route.Builder b = r.toBuilder().nexthopId(0).scope(-1);
        if (nh.blackhole()) {
            return b.type(RouteType.BLACKHOLE).build();
        }
        if (!nh.isGroup()) {
            return b.gateway(nh.gateway())
                    .ifIndex(nh.ifIndex())
                    .onlink(nh.onlink())
                    .build();
        }
        List<NextHop> hops = new ArrayList<>();
        for (NexthopObject.Member m : nh.group()) {
            NexthopObject member = byId.get(m.id());
            if (member == null || member.isGroup() || member.blackhole()) {
                return null;
            }
            hops.add(new NextHop(member.gateway(), member.ifIndex(), m.weight(), member.onlink()));
        }
        return b.multipath(hops).build();
    }
}
