package io.podroute.bgp.session;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import java.time.Duration;

/**
 * One configured peer's BGP session as the glue sees it. Methods may be called from any thread; those
 * that act are carried out on the session's event loop.
 */
public interface BgpSession {
    PeerConfig config();

    /** The current FSM state (the most advanced of its connections during a collision). */
    SessionState state();

    /** The peer as the RIB sees it while Established, else null. */
    PeerInfo peerInfo();

    /** What was negotiated while Established, else null. */
    NegotiatedSession negotiated();

    /** Counters and last NOTIFICATIONs; a consistent-enough snapshot. */
    SessionStats stats();

    /**
     * Queues an UPDATE (flushed at the end of the current event-loop turn). Returns false, sending
     * nothing, if the session is not Established; if the bytes already queued for the peer exceed the
     * hard cap, the session is reset with Cease 6/8 and false is returned. Off the event loop the call is
     * handed to it and returns true.
     */
    boolean send(UpdateMessage update);

    /** Sends a ROUTE-REFRESH if Established and route refresh was negotiated; false otherwise. */
    boolean sendRouteRefresh(RouteRefreshMessage refresh);

    /** True while the peer's output is below the high write watermark. */
    boolean isWritable();

    /** ManualStart: leave Idle and connect (or wait for the peer, when passive). */
    void start();

    /**
     * ManualStop: Cease 6/2 with the RFC 9003 shutdown communication {@code text} on every connection,
     * then Idle with no automatic restart until {@link #start()}.
     */
    void adminShutdown(String text);

    /**
     * Ends every connection with {@code notification} (e.g. Cease 6/1 when max-prefix trips, RFC 4486)
     * and stays Idle; after {@code restartAfter} the session starts again by itself, or never if it is
     * null (until {@link #start()}).
     */
    void reset(NotificationMessage notification, Duration restartAfter);
}
