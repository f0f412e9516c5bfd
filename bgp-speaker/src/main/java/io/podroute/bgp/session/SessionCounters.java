package io.podroute.bgp.session;

import io.podroute.bgp.codec.message.NotificationMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One peer's counters. Written only on the peer's event loop; read from any thread through {@link
 * #snapshot} (atomics and volatiles, so each value is current, though not all taken at one instant).
 */
final class SessionCounters {
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong updatesIn = new AtomicLong();
    final AtomicLong updatesOut = new AtomicLong();
    final AtomicLong establishedTransitions = new AtomicLong();
    final AtomicLong flaps = new AtomicLong();
    volatile NotificationMessage lastSent;
    volatile NotificationMessage lastReceived;
    volatile Instant establishedAt;
    volatile TransitionReason lastDownReason;

    SessionStats snapshot(SessionState state, Clock clock) {
        Instant since = establishedAt;
        return new SessionStats(
                state,
                messagesIn.get(),
                messagesOut.get(),
                updatesIn.get(),
                updatesOut.get(),
                establishedTransitions.get(),
                flaps.get(),
                lastSent,
                lastReceived,
                since == null ? null : Duration.between(since, clock.instant()),
                lastDownReason);
    }
}
