package io.podroute.bgp.session;

/**
 * Why the FSM changed state or a connection ended: logged with every transition and handed to {@link
 * SessionListener#onDown}. The names are stable: they are used as metric label values.
 */
public enum TransitionReason {
    /** ManualStart (RFC 4271 §8.1.2 event 1) or an automatic restart after the session went down. */
    START,
    /** The ConnectRetry timer expired (event 9): a new connection attempt. */
    CONNECT_RETRY_EXPIRED,
    /** Our outgoing TCP connection came up (event 17). */
    TCP_CONNECTED,
    /** A configured peer connected to us (event 16/17). */
    TCP_ACCEPTED,
    /** Our outgoing TCP connection failed (event 18). */
    TCP_CONNECT_FAILED,
    /** The DelayOpen timer expired and we sent our OPEN (event 12). */
    DELAY_OPEN_EXPIRED,
    /** A valid OPEN was received (events 19, 20). */
    OPEN_RECEIVED,
    /** A KEEPALIVE in OpenConfirm (event 26). */
    KEEPALIVE_RECEIVED,
    /** The peer closed the connection or it failed (event 18, FIN or RST). */
    TCP_CLOSED,
    /** The Hold timer expired (event 10); NOTIFICATION 4/0 sent. */
    HOLD_TIMER_EXPIRED,
    /** The peer sent a NOTIFICATION (events 24, 25). */
    NOTIFICATION_RECEIVED,
    /** A received message could not be decoded; NOTIFICATION with the codec's code sent. */
    DECODE_ERROR,
    /** The peer's OPEN was refused for a reason that needs configuration (2/2, 2/3, 2/7). */
    OPEN_REJECTED,
    /** A message not allowed in the current state (RFC 6608: 5/1, 5/2, 5/3). */
    FSM_ERROR,
    /** An UPDATE whose RFC 7606 verdict is a session reset or AFI/SAFI disable. */
    UPDATE_ERROR,
    /** This connection lost the collision resolution of RFC 4271 §6.8; Cease 6/7 sent. */
    COLLISION_LOST,
    /** The peer has an Established session already, or two connections are in progress: Cease. */
    CONNECTION_REJECTED,
    /** An operator stopped the session (ManualStop, event 2): Cease 6/2 with a shutdown text. */
    ADMIN_SHUTDOWN,
    /** Too many bytes queued for a peer that does not read: Cease 6/8 (out of resources). */
    OUTPUT_OVERFLOW,
    /** The glue reset the session with a NOTIFICATION of its choosing (e.g. Cease 6/1, max-prefix). */
    LOCAL_RESET,
    /** The speaker stopped without an orderly shutdown: connections closed with no NOTIFICATION. */
    ABORTED
}
