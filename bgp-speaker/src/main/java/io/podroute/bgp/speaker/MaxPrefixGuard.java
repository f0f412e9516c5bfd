package io.podroute.bgp.speaker;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.MaxPrefixStatus;
import io.podroute.bgp.policy.MaxPrefixTracker;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.session.BgpSession;

/**
 * Max-prefix for one peer, checked after each UPDATE against the peer's accepted paths per family:
 * a warning at the threshold, then Cease 6/1 with a restart timer, or a warning only. Used on the
 * speaker's loop only, like {@link PeerLink}.
 */
record MaxPrefixGuard(MaxPrefixTracker tracker) {
    void check(Rib rib, PeerInfo info, BgpSession session) {
        PeerCounters c = rib.counters(info.address()).orElse(null);
        if (c != null) {
            check(Family.IPV4_UNICAST, c.acceptedV4(), info, session);
            check(Family.IPV6_UNICAST, c.acceptedV6(), info, session);
        }
    }

    private void check(Family family, long accepted, PeerInfo info, BgpSession session) {
        MaxPrefixStatus s = tracker.check(family, accepted);
        String peer = info.address().getHostAddress();
        long limit = tracker.config().limit();
        if (s == MaxPrefixStatus.WARNING) {
            BgpSpeaker.log()
                    .warn(
                            "peer {}: {} {} prefixes accepted, at the warning threshold of the limit {}",
                            peer,
                            accepted,
                            family,
                            limit);
        } else if (s == MaxPrefixStatus.EXCEEDED && tracker.tearDown()) {
            BgpSpeaker.log()
                    .warn(
                            "peer {}: {} {} prefixes exceed the limit {}; sending Cease 6/1 and restarting in {}",
                            peer,
                            accepted,
                            family,
                            limit,
                            tracker.config().restartInterval());
            session.reset(tracker.notification(family), tracker.config().restartInterval());
        } else if (s == MaxPrefixStatus.EXCEEDED) {
            BgpSpeaker.log()
                    .warn("peer {}: {} {} prefixes exceed the limit {} (warn only)", peer, accepted, family, limit);
        }
    }
}
