package io.podroute.agent;

import io.podroute.agent.ipam.DatastoreException;
import io.podroute.agent.ipam.Ipam;
import io.podroute.agent.ipam.NodeRecord;
import io.podroute.agent.sync.RouteSync;
import io.podroute.bgp.speaker.Speaker;
import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.routes.Addresses;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the node registry: every refresh reads it, adds a mesh peer for each new node, removes the
 * peers of departed nodes (their routes go with the session), re-adds a node whose ASN changed, and
 * tells the route sync which addresses are nodes. Refreshes come from the datastore watch and from a
 * periodic timer; a datastore that cannot be reached leaves everything as it is (the agent keeps
 * running on what it knows) and is retried at the next refresh.
 *
 * <p>Thread-safe: {@link #refresh} is synchronized; callers are the watch thread and the timer.
 */
final class MeshSync {
    private static final Logger LOG = LoggerFactory.getLogger(MeshSync.class);

    private final Ipam ipam;
    private final PeerDirectory directory;
    private final Speaker speaker;
    private final RouteSync sync;
    private final Consumer<InetAddress> onRemoved;
    private Map<InetAddress, SpeakerPeer> mesh = Map.of();
    private volatile Map<InetAddress, String> names = Map.of();
    private volatile boolean reachable = true;

    MeshSync(Ipam ipam, PeerDirectory directory, Speaker speaker, RouteSync sync, Consumer<InetAddress> onRemoved) {
        this.ipam = ipam;
        this.directory = directory;
        this.speaker = speaker;
        this.sync = sync;
        this.onRemoved = onRemoved;
    }

    /** The first registry read, before the speaker exists: the mesh peers to start with. */
    static Map<InetAddress, SpeakerPeer> initial(PeerDirectory directory, List<NodeRecord> nodes) {
        return directory.mesh(nodes);
    }

    /** Adopts the peers the speaker was started with. */
    synchronized void started(Map<InetAddress, SpeakerPeer> peers, List<NodeRecord> nodes) {
        mesh = Map.copyOf(peers);
        publish(nodes);
    }

    /** Never throws: it runs on a periodic timer, which a thrown exception would silently cancel. */
    synchronized void refresh() {
        try {
            refreshOnce();
        } catch (RuntimeException e) {
            LOG.error("applying the node registry failed; keeping the current mesh, retrying at the next refresh", e);
        }
    }

    private void refreshOnce() {
        List<NodeRecord> nodes;
        try {
            nodes = ipam.nodes();
        } catch (DatastoreException e) {
            if (reachable) {
                LOG.warn(
                        "reading the node registry failed ({}); keeping the current {} mesh peers and routes, retrying",
                        e.getMessage(),
                        mesh.size());
            }
            reachable = false;
            return;
        }
        if (!reachable) {
            LOG.info("node registry reachable again");
        }
        reachable = true;
        Map<InetAddress, SpeakerPeer> next = directory.mesh(nodes);
        for (InetAddress gone : mesh.keySet()) {
            if (!next.containsKey(gone)) {
                LOG.info("node {} left the registry: removing its mesh session and routes", names.get(gone));
                speaker.removePeer(gone);
                onRemoved.accept(gone);
            }
        }
        for (Map.Entry<InetAddress, SpeakerPeer> e : next.entrySet()) {
            SpeakerPeer before = mesh.get(e.getKey());
            if (!e.getValue().equals(before)) {
                LOG.info(
                        "{} mesh peer {} (AS {})",
                        before == null ? "adding" : "re-configuring",
                        Addresses.format(e.getKey()),
                        e.getValue().session().remoteAs());
                speaker.addPeer(e.getValue());
            }
        }
        mesh = Map.copyOf(next);
        publish(nodes);
    }

    private void publish(List<NodeRecord> nodes) {
        Map<InetAddress, String> byIp = new HashMap<>();
        nodes.forEach(n -> byIp.put(n.nodeIp(), n.name()));
        names = Map.copyOf(byIp);
        sync.setNodes(byIp);
    }

    /** Node name by node IP, from the last successful read. */
    Map<InetAddress, String> names() {
        return names;
    }

    boolean isMesh(InetAddress address) {
        synchronized (this) {
            return mesh.containsKey(address);
        }
    }

    boolean reachable() {
        return reachable;
    }

    void markUnreachable() {
        reachable = false;
    }
}
