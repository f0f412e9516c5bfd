package io.podroute.agent;

import io.podroute.netlink.ops.RouteMonitor;
import io.podroute.routes.Link;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;

/** One kernel monitor, two listeners: the route table (restore our routes) and the underlay watcher. */
record FanOut(RouteMonitor.Listener a, RouteMonitor.Listener b) implements RouteMonitor.Listener {
    @Override
    public void onRoute(Route route, boolean deleted) {
        a.onRoute(route, deleted);
        b.onRoute(route, deleted);
    }

    @Override
    public void onNexthop(NexthopObject nexthop, boolean deleted) {
        a.onNexthop(nexthop, deleted);
        b.onNexthop(nexthop, deleted);
    }

    @Override
    public void onLink(Link link, boolean deleted) {
        a.onLink(link, deleted);
        b.onLink(link, deleted);
    }

    @Override
    public void onOverflow() {
        a.onOverflow();
        b.onOverflow();
    }
}
