package io.podroute.ipip.mode;

import io.podroute.netlink.error.NetlinkException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current path decision for every peer node. The agent hands in the full set of peer node IPs
 * ({@link #setPeers}); on any underlay route, link or address change it calls {@link #reevaluate()}
 * (see {@link UnderlayChangeListener}) and re-programs the blocks of the peers whose path changed.
 *
 * <p>Thread-safe: every method is synchronized; lookups are single RTM_GETROUTE requests.
 */
public final class PeerPaths {
    private static final Logger LOG = LoggerFactory.getLogger(PeerPaths.class);

    private final ModeDecider decider;
    private final Map<InetAddress, PeerPath> paths = new LinkedHashMap<>();

    public PeerPaths(ModeDecider decider) {
        this.decider = decider;
    }

    /**
     * Makes the peer set equal to {@code nodes}: decides the new ones, forgets the missing ones.
     * Returns the paths of the new peers (known peers keep their path until {@link #reevaluate()}).
     */
    public synchronized List<PeerPath> setPeers(Set<InetAddress> nodes) throws NetlinkException {
        paths.keySet().retainAll(nodes);
        List<PeerPath> changed = new ArrayList<>();
        for (InetAddress n : nodes) {
            if (!paths.containsKey(n)) {
                PeerPath p = decider.decide(n);
                paths.put(n, p);
                changed.add(p);
            }
        }
        return changed;
    }

    /** Re-decides every peer; returns those whose kind changed (the agent re-programs their blocks). */
    public synchronized List<PeerPath> reevaluate() throws NetlinkException {
        List<PeerPath> changed = new ArrayList<>();
        for (Map.Entry<InetAddress, PeerPath> e : paths.entrySet()) {
            PeerPath now = decider.decide(e.getKey());
            if (now.kind() != e.getValue().kind()) {
                LOG.info("peer {} path changed: {} -> {}", e.getKey().getHostAddress(), e.getValue(), now);
                changed.add(now);
            }
            e.setValue(now);
        }
        return changed;
    }

    public synchronized PeerPath path(InetAddress node) {
        return paths.get(node);
    }

    public synchronized Map<InetAddress, PeerPath> snapshot() {
        return Map.copyOf(paths);
    }
}
