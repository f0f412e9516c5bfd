package io.podroute.bgp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.podroute.bgp.codec.BgpChannelAttributes;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.KeepaliveMessage;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of a peer and its part of the RFC 4271 §8 FSM, from TCP up to its end: OpenSent,
 * OpenConfirm, Established, one method per state, with its Hold, Keepalive and DelayOpen timers.
 * During a collision (§6.8) a peer has two of these; {@link BgpPeer} owns them and the peer-level
 * states (Idle, Connect, Active).
 *
 * <p>Invariants: touched only on the peer's event loop. {@code state} is CONNECT or ACTIVE only while
 * the DelayOpen timer runs on a connection whose TCP is up (§8.2.2: DelayOpen keeps those states).
 * Once {@code closing} is set (a NOTIFICATION sent or received, or the TCP connection gone) nothing
 * received on it is processed, its timers are cancelled, and a timer that fires late does nothing. The
 * hold timer is restarted only by whole KEEPALIVE and UPDATE messages: bytes the frame decoder has not
 * completed never reach this class, so a peer trickling bytes is dropped at hold expiry.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** Hold timer while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes). */
    static final long OPEN_HOLD_SECONDS = 240;
    /** How long a connection is drained after a NOTIFICATION before it is closed. */
    static final long DRAIN_SECONDS = 3;

    final BgpPeer peer;
    final Channel channel;
    /** Initiated by the peer (accepted by us). */
    final boolean inbound;

    SessionState state;
    OpenMessage localOpen;
    NegotiatedSession negotiated;
    boolean closing;
    private ScheduledFuture<?> holdTimer;
    private ScheduledFuture<?> keepaliveTimer;
    private ScheduledFuture<?> delayOpenTimer;

    Connection(BgpPeer peer, Channel channel, boolean inbound) {
        this.peer = peer;
        this.channel = channel;
        this.inbound = inbound;
        this.state = inbound ? SessionState.ACTIVE : SessionState.CONNECT;
    }

    /** TCP is up: send our OPEN now, or start the DelayOpen timer. */
    void begin() {
        long delayNanos = peer.config().delayOpen().toNanos();
        if (delayNanos > 0) {
            delayOpenTimer = peer.eventLoop().schedule(this::delayOpenExpired, delayNanos, TimeUnit.NANOSECONDS);
            restartHoldTimer(OPEN_HOLD_SECONDS); // bounds the wait for anything at all
        } else {
            sendOpen();
        }
    }

    private void delayOpenExpired() {
        delayOpenTimer = null;
        if (!closing) {
            sendOpen();
            peer.updateState(TransitionReason.DELAY_OPEN_EXPIRED);
        }
    }

    private void sendOpen() {
        localOpen = peer.localOpen();
        write(localOpen);
        state = SessionState.OPEN_SENT;
        restartHoldTimer(OPEN_HOLD_SECONDS);
    }

    // ---------------------------------------------------------------- received messages, by state

    void onMessage(BgpMessage msg) {
        if (closing) {
            return; // draining after a NOTIFICATION, or superseded
        }
        peer.counters.messagesIn.incrementAndGet();
        if (msg instanceof NotificationMessage n) {
            notificationReceived(n);
            return;
        }
        switch (state) {
            case CONNECT, ACTIVE -> inDelayOpen(msg);
            case OPEN_SENT -> inOpenSent(msg);
            case OPEN_CONFIRM -> inOpenConfirm(msg);
            case ESTABLISHED -> inEstablished(msg);
            case IDLE -> throw new IllegalStateException("a connection is never Idle");
        }
    }

    /** Connect/Active with the DelayOpen timer running (RFC 4271 §8.2.2, event 20). */
    private void inDelayOpen(BgpMessage msg) {
        if (msg instanceof OpenMessage open) {
            delayOpenTimer = cancel(delayOpenTimer);
            localOpen = peer.localOpen();
            write(localOpen);
            openReceived(open);
        } else {
            fsmError(NotificationCode.FSM_ERROR);
        }
    }

    private void inOpenSent(BgpMessage msg) {
        if (msg instanceof OpenMessage open) {
            openReceived(open);
        } else {
            fsmError(NotificationCode.FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT);
        }
    }

    private void inOpenConfirm(BgpMessage msg) {
        if (msg instanceof KeepaliveMessage) {
            state = SessionState.ESTABLISHED;
            restartHoldTimer(negotiated.holdTime());
            peer.established(this);
        } else {
            fsmError(NotificationCode.FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM);
        }
    }

    private void inEstablished(BgpMessage msg) {
        if (msg instanceof KeepaliveMessage) {
            restartHoldTimer(negotiated.holdTime());
        } else if (msg instanceof UpdateMessage u) {
            restartHoldTimer(negotiated.holdTime());
            updateReceived(u);
        } else if (msg instanceof RouteRefreshMessage rr) {
            if (negotiated.routeRefresh() || negotiated.enhancedRouteRefresh()) {
                peer.listener().onRouteRefresh(peer, rr);
            } else {
                log.info("peer {}: ignoring ROUTE-REFRESH, the capability was not negotiated", peer.name());
            }
        } else {
            fsmError(NotificationCode.FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED);
        }
    }

    private void updateReceived(UpdateMessage u) {
        peer.counters.updatesIn.incrementAndGet();
        ErrorAction verdict = u.verdict();
        if (verdict == ErrorAction.SESSION_RESET || verdict == ErrorAction.AFI_SAFI_DISABLE) {
            for (UpdateError e : u.errors()) {
                if (e.action() == verdict) {
                    log.warn("peer {}: UPDATE error {}, resetting the session", peer.name(), e);
                    notifyAndClose(NotificationMessage.of(e.code(), e.data()), TransitionReason.UPDATE_ERROR);
                    return;
                }
            }
        }
        peer.listener().onUpdate(peer, u);
    }

    private void openReceived(OpenMessage open) {
        try {
            negotiated = OpenNegotiator.negotiate(peer.config(), peer.local(), localOpen, open);
        } catch (BgpProtocolException e) {
            log.warn("peer {}: OPEN refused: {}", peer.name(), e.getMessage());
            notifyAndClose(NotificationMessage.of(e.code(), e.data()), TransitionReason.OPEN_REJECTED);
            return;
        }
        if (peer.collisionLost(this)) {
            return;
        }
        channel.attr(BgpChannelAttributes.RECEIVE).set(negotiated.receiveContext());
        channel.attr(BgpChannelAttributes.SEND).set(negotiated.sendContext());
        write(KeepaliveMessage.INSTANCE);
        state = SessionState.OPEN_CONFIRM;
        restartHoldTimer(negotiated.holdTime());
        armKeepalive();
        peer.updateState(TransitionReason.OPEN_RECEIVED);
    }

    // ---------------------------------------------------------------- timers

    private void restartHoldTimer(long seconds) {
        holdTimer = cancel(holdTimer);
        if (seconds > 0) {
            holdTimer = peer.eventLoop().schedule(this::holdTimerExpired, seconds, TimeUnit.SECONDS);
        }
    }

    private void holdTimerExpired() {
        holdTimer = null;
        if (!closing) {
            log.warn("peer {}: hold timer expired in {}", peer.name(), state.label());
            notifyAndClose(
                    NotificationMessage.of(NotificationCode.HOLD_TIMER_EXPIRED, new byte[0]),
                    TransitionReason.HOLD_TIMER_EXPIRED);
        }
    }

    private void armKeepalive() {
        keepaliveTimer = cancel(keepaliveTimer);
        long seconds = negotiated.keepaliveTime();
        if (seconds > 0) {
            keepaliveTimer =
                    peer.eventLoop().scheduleAtFixedRate(this::keepaliveDue, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    private void keepaliveDue() {
        if (!closing) {
            write(KeepaliveMessage.INSTANCE);
        }
    }

    private void cancelTimers() {
        holdTimer = cancel(holdTimer);
        keepaliveTimer = cancel(keepaliveTimer);
        delayOpenTimer = cancel(delayOpenTimer);
    }

    static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }

    // ---------------------------------------------------------------- errors and the end

    void onException(Throwable cause) {
        if (closing) {
            return;
        }
        BgpProtocolException bpe = protocolException(cause);
        if (bpe != null) {
            log.warn("peer {}: {} in {}", peer.name(), bpe.getMessage(), state.label());
            notifyAndClose(NotificationMessage.of(bpe.code(), bpe.data()), TransitionReason.DECODE_ERROR);
        } else {
            log.info("peer {}: connection failed in {}: {}", peer.name(), state.label(), String.valueOf(cause));
            closeSilently(TransitionReason.TCP_CLOSED);
        }
    }

    private static BgpProtocolException protocolException(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof BgpProtocolException b) {
                return b;
            }
        }
        return null;
    }

    /** The peer closed the connection (FIN or RST): the session ends at once. */
    void onChannelClosed() {
        if (!closing) {
            log.info("peer {}: connection closed by the peer in {}", peer.name(), state.label());
            closeSilently(TransitionReason.TCP_CLOSED);
        }
    }

    private void notificationReceived(NotificationMessage n) {
        peer.counters.lastReceived = n;
        String text = n.shutdownCommunication();
        log.warn(
                "peer {}: NOTIFICATION received in {}: {}{}",
                peer.name(),
                state.label(),
                n,
                text == null ? "" : " \"" + text + "\"");
        closing = true;
        cancelTimers();
        close(channel);
        peer.connectionEnded(this, TransitionReason.NOTIFICATION_RECEIVED, true);
    }

    private void fsmError(NotificationCode code) {
        log.warn("peer {}: unexpected message in {}: {}", peer.name(), state.label(), code.label());
        notifyAndClose(NotificationMessage.of(code, new byte[0]), TransitionReason.FSM_ERROR);
    }

    /**
     * Sends {@code n}, then half-closes (the peer sees our FIN right after the NOTIFICATION) and drains
     * the input for at most {@link #DRAIN_SECONDS} before closing, so the NOTIFICATION is not lost to a
     * reset caused by unread input. Nothing received after this is processed.
     */
    void notifyAndClose(NotificationMessage n, TransitionReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        cancelTimers();
        peer.counters.lastSent = n;
        peer.counters.messagesOut.incrementAndGet();
        Channel ch = channel;
        ChannelFuture unusedWrite = ch.writeAndFlush(n).addListener(f -> SessionPipeline.halfClose(ch));
        ch.config().setAutoRead(true);
        ScheduledFuture<?> unusedDrain = peer.eventLoop().schedule(() -> close(ch), DRAIN_SECONDS, TimeUnit.SECONDS);
        peer.connectionEnded(this, reason, true);
    }

    /** Closes without a NOTIFICATION (the TCP connection failed, or it was never opened for BGP). */
    void closeSilently(TransitionReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        cancelTimers();
        close(channel);
        peer.connectionEnded(this, reason, false);
    }

    void write(BgpMessage m) {
        peer.counters.messagesOut.incrementAndGet();
        ChannelFuture unused = channel.writeAndFlush(m, channel.voidPromise());
    }

    static void close(Channel ch) {
        ChannelFuture unused = ch.close();
    }

    @Override
    public String toString() {
        return (inbound ? "inbound " : "outbound ") + state.label();
    }
}
