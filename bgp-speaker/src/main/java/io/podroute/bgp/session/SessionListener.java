package io.podroute.bgp.session;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;

/**
 * What a session reports to the speaker glue (RIB, policy). Every call comes on the session's event
 * loop, in order, and must not block: the loop also serves the peer's socket and timers. For one
 * session the calls follow the pattern {@code (onEstablished (onUpdate | onRouteRefresh)* onDown)*};
 * no UPDATE is ever delivered outside Established.
 */
public interface SessionListener {
    /** The session reached Established; {@code peer} is fixed until the matching {@link #onDown}. */
    void onEstablished(BgpSession session, PeerInfo peer, NegotiatedSession negotiated);

    /**
     * An UPDATE received in Established. The codec's RFC 7606 findings are in {@link
     * UpdateMessage#verdict()}: treat-as-withdraw and attribute-discard arrive here (a session-reset or
     * AFI/SAFI-disable verdict resets the session instead and never arrives). End-of-RIB markers arrive
     * here too ({@link UpdateMessage#endOfRibFamily()}).
     */
    void onUpdate(BgpSession session, UpdateMessage update);

    /** A ROUTE-REFRESH received in Established on a session that negotiated route refresh. */
    void onRouteRefresh(BgpSession session, RouteRefreshMessage refresh);

    /**
     * The Established session ended. If {@code gracefulRestartApplies} the peer's routes are to be kept
     * as stale for {@link NegotiatedSession#peerGracefulRestart()}'s restart time (RFC 4724 §4.2);
     * otherwise they are to be removed now.
     */
    void onDown(BgpSession session, TransitionReason reason, boolean gracefulRestartApplies);

    /**
     * The session's output crossed the high (false) or back below the low (true) write watermark: the
     * glue should stop, and later resume, sending UPDATEs. Optional.
     */
    default void onWritabilityChanged(BgpSession session, boolean writable) {}

    /** Any state change, for status and metrics. Optional. */
    default void onStateChange(BgpSession session, SessionState from, SessionState to, TransitionReason reason) {}
}
