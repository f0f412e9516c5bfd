package io.podroute.ipip.mode;

import io.podroute.netlink.ops.RouteMonitor;
import io.podroute.routes.Link;
import io.podroute.routes.Route;

/**
 * Turns {@link RouteMonitor} events into "the underlay changed" signals for
 * {@link PeerPaths#reevaluate()}. Routes of podroute's own protocol are ignored (installing pod
 * routes must not trigger a re-evaluation). Address changes reach us as the connected routes the
 * kernel adds and removes with them (protocol kernel), so route events cover them.
 *
 * <p>The callback runs on the monitor's thread; it should only schedule the re-evaluation.
 */
public final class UnderlayChangeListener implements RouteMonitor.Listener {
    private final int ownProtocol;
    private final Runnable onChange;

    public UnderlayChangeListener(int ownProtocol, Runnable onChange) {
        this.ownProtocol = ownProtocol;
        this.onChange = onChange;
    }

    @Override
    public void onRoute(Route route, boolean deleted) {
        if (route.protocol() != ownProtocol) {
            onChange.run();
        }
    }

    @Override
    public void onLink(Link link, boolean deleted) {
        onChange.run();
    }

    @Override
    public void onOverflow() {
        onChange.run();
    }
}
