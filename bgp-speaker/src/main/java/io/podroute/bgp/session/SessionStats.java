package io.podroute.bgp.session;

import io.podroute.bgp.codec.message.NotificationMessage;
import java.time.Duration;

/**
 * A snapshot of one session's counters.
 *
 * @param state the FSM state
 * @param messagesIn messages received (all types, on any connection of this peer)
 * @param messagesOut messages sent
 * @param updatesIn UPDATEs received in Established
 * @param updatesOut UPDATEs sent
 * @param establishedTransitions times the session reached Established
 * @param flaps times an Established session went down
 * @param lastNotificationSent the last NOTIFICATION we sent, or null
 * @param lastNotificationReceived the last NOTIFICATION the peer sent, or null
 * @param uptime time since Established, or null when not Established
 * @param lastDownReason why the session last left Established, or null
 */
public record SessionStats(
        SessionState state,
        long messagesIn,
        long messagesOut,
        long updatesIn,
        long updatesOut,
        long establishedTransitions,
        long flaps,
        NotificationMessage lastNotificationSent,
        NotificationMessage lastNotificationReceived,
        Duration uptime,
        TransitionReason lastDownReason) {}
