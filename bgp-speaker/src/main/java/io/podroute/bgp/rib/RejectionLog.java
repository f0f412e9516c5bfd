package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@link #CAPACITY} rejected announcements, one per prefix (the newest wins), so that an
 * operator can ask why a prefix is missing. The reason text is computed only when asked (re-running
 * the policy's {@link RoutePolicy#explainRejection}), so a rejection costs one map entry, not a
 * string. Bounded: the oldest entry goes first. Confined to the RIB's thread like the RIB.
 */
final class RejectionLog {
    static final int CAPACITY = 4096;

    private record Entry(PeerInfo peer, RoutePolicy policy, PathAttributes attributes, String fixedReason) {}

    private final Map<Prefix, Entry> entries = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Prefix, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    void policyRejected(Prefix prefix, PeerInfo peer, RoutePolicy policy, PathAttributes attributes) {
        entries.remove(prefix); // re-insert at the newest position
        entries.put(prefix, new Entry(peer, policy, attributes, null));
    }

    void unusable(Prefix prefix, PeerInfo peer, String reason) {
        entries.remove(prefix);
        entries.put(prefix, new Entry(peer, null, null, reason));
    }

    /** A path for {@code prefix} from {@code peer} was accepted: its older rejection no longer explains anything. */
    void accepted(Prefix prefix, PeerInfo peer) {
        Entry e = entries.get(prefix);
        if (e != null && e.peer.address().equals(peer.address())) {
            entries.remove(prefix);
        }
    }

    Optional<Rejection> find(Prefix prefix) {
        Entry e = entries.get(prefix);
        if (e == null) {
            return Optional.empty();
        }
        String reason = e.fixedReason != null
                ? e.fixedReason
                : "import: " + e.policy.explainRejection(prefix, e.attributes, e.peer);
        return Optional.of(new Rejection(prefix, e.peer.address(), reason));
    }

    int size() {
        return entries.size();
    }
}
