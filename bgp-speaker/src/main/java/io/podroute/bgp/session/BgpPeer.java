package io.podroute.bgp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured peer: the RFC 4271 §8 FSM's Idle, Connect and Active states (connection attempts,
 * the ConnectRetry timer with jittered exponential backoff, accepting the peer's connections),
 * collision resolution (§6.8) and the session API; each TCP connection runs its own OpenSent /
 * OpenConfirm / Established part in {@link Connection}.
 *
 * <p>Invariants: every field is read and written on {@link #loop} only (public methods hop onto it),
 * so there are no locks; what other threads read ({@link #state()}, {@link #stats()}, {@link
 * #peerInfo()}) is volatile or atomic. A peer has at most two live connections (one each way); at
 * most one is Established. The visible state is the most advanced live connection's state, else the
 * peer-level {@link #idleState}. After a connection ends with none left the peer is Idle and, unless
 * administratively stopped, starts again after the backoff delay.
 */
public final class BgpPeer implements BgpSession {
    private static final Logger log = LoggerFactory.getLogger(BgpPeer.class);

    /** Bytes queued for a peer beyond which the session is reset with Cease 6/8 (out of resources). */
    public static final long MAX_QUEUED_BYTES = 16L << 20;

    static final long DRAIN_SECONDS = Connection.DRAIN_SECONDS;

    private final PeerConfig config;
    private LocalSpeaker local;
    private final SessionListener listener;
    private final Connector connector;
    private final EventLoop loop;
    private final Clock clock;
    private final ConnectRetryBackoff backoff;
    final SessionCounters counters = new SessionCounters();

    private final List<Connection> connections = new ArrayList<>(2);
    private SessionState idleState = SessionState.IDLE;
    private volatile SessionState visibleState = SessionState.IDLE;
    private boolean enabled;
    private Future<Channel> pendingConnect;
    private ScheduledFuture<?> connectRetryTimer;
    private ScheduledFuture<?> restartTimer;
    private boolean flushScheduled;
    private long maxQueuedBytes = MAX_QUEUED_BYTES;
    private Connection established;
    private volatile PeerInfo peerInfo;
    private volatile NegotiatedSession negotiated;

    public BgpPeer(
            PeerConfig config,
            LocalSpeaker local,
            SessionListener listener,
            Connector connector,
            EventLoop loop,
            Clock clock,
            RandomGenerator random) {
        this.config = config;
        this.local = local;
        this.listener = listener;
        this.connector = connector;
        this.loop = loop;
        this.clock = clock;
        this.backoff = new ConnectRetryBackoff(config.connectRetry(), config.connectRetryMax(), random);
    }

    // ---------------------------------------------------------------- the session API

    @Override
    public PeerConfig config() {
        return config;
    }

    LocalSpeaker local() {
        return local;
    }

    /**
     * Replaces the local speaker's graceful-restart state (e.g. {@link LocalSpeaker#restartDone()}): the
     * OPENs sent from now on carry it; a session already open keeps what its OPEN said.
     *
     * @throws IllegalArgumentException if the AS or the BGP identifier differ: they belong to the session
     */
    public void updateLocal(LocalSpeaker newLocal) {
        if (newLocal.asn() != local.asn() || newLocal.routerId() != local.routerId()) {
            throw new IllegalArgumentException("updateLocal: only the graceful-restart state may change");
        }
        onLoop(() -> local = newLocal);
    }

    SessionListener listener() {
        return listener;
    }

    @Override
    public SessionState state() {
        return visibleState;
    }

    @Override
    public PeerInfo peerInfo() {
        return peerInfo;
    }

    @Override
    public NegotiatedSession negotiated() {
        return negotiated;
    }

    @Override
    public SessionStats stats() {
        return counters.snapshot(visibleState, clock);
    }

    /** The TTL of our packets to this peer (GTSM 255, multihop, or 1 / 255 for eBGP / iBGP). */
    public int outgoingTtl() {
        return config.effectiveTtl(local);
    }

    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void start() {
        onLoop(() -> {
            if (!enabled) {
                enabled = true;
                if (connections.isEmpty() && idleState == SessionState.IDLE) {
                    beginConnecting(TransitionReason.START);
                }
            }
        });
    }

    @Override
    public void adminShutdown(String text) {
        onLoop(() -> {
            enabled = false;
            connectRetryTimer = Connection.cancel(connectRetryTimer);
            restartTimer = Connection.cancel(restartTimer);
            cancelPendingConnect();
            for (Connection c : List.copyOf(connections)) {
                if (c.localOpen != null) {
                    c.notifyAndClose(NotificationMessage.shutdown(text), TransitionReason.ADMIN_SHUTDOWN);
                } else {
                    c.closeSilently(TransitionReason.ADMIN_SHUTDOWN);
                }
            }
            idleState = SessionState.IDLE;
            updateState(TransitionReason.ADMIN_SHUTDOWN);
        });
    }

    /**
     * Closes every connection at once without a NOTIFICATION and stays Idle: to the peer this looks
     * like a crash (a TCP FIN only), so a peer that negotiated graceful restart keeps our routes (RFC
     * 4724 §4.2). For a speaker that stops without an orderly shutdown.
     */
    public void abort() {
        onLoop(() -> {
            enabled = false;
            connectRetryTimer = Connection.cancel(connectRetryTimer);
            restartTimer = Connection.cancel(restartTimer);
            cancelPendingConnect();
            for (Connection c : List.copyOf(connections)) {
                c.closeSilently(TransitionReason.ABORTED);
            }
            idleState = SessionState.IDLE;
            updateState(TransitionReason.ABORTED);
        });
    }

    @Override
    public void reset(NotificationMessage notification, Duration restartAfter) {
        onLoop(() -> {
            enabled = false;
            connectRetryTimer = Connection.cancel(connectRetryTimer);
            restartTimer = Connection.cancel(restartTimer);
            cancelPendingConnect();
            for (Connection c : List.copyOf(connections)) {
                if (c.localOpen != null) {
                    c.notifyAndClose(notification, TransitionReason.LOCAL_RESET);
                } else {
                    c.closeSilently(TransitionReason.LOCAL_RESET);
                }
            }
            idleState = SessionState.IDLE;
            updateState(TransitionReason.LOCAL_RESET);
            if (restartAfter != null) {
                restartTimer = loop.schedule(
                        () -> {
                            restartTimer = null;
                            start();
                        },
                        restartAfter.toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        });
    }

    @Override
    public boolean send(UpdateMessage update) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> send(update));
            return true;
        }
        Connection c = established;
        if (c == null || c.closing) {
            return false;
        }
        if (queuedBytes(c.channel) > maxQueuedBytes) {
            log.warn("peer {}: over {} bytes queued, unread by the peer; resetting", name(), maxQueuedBytes);
            c.notifyAndClose(
                    NotificationMessage.of(NotificationCode.CEASE_OUT_OF_RESOURCES, new byte[0]),
                    TransitionReason.OUTPUT_OVERFLOW);
            return false;
        }
        ChannelFuture unused = c.channel.write(update, c.channel.voidPromise());
        counters.updatesOut.incrementAndGet();
        counters.messagesOut.incrementAndGet();
        scheduleFlush();
        return true;
    }

    @Override
    public boolean sendRouteRefresh(RouteRefreshMessage refresh) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> sendRouteRefresh(refresh));
            return true;
        }
        Connection c = established;
        if (c == null || c.closing || !c.negotiated.routeRefresh()) {
            return false;
        }
        c.write(refresh);
        return true;
    }

    @Override
    public boolean isWritable() {
        Connection c = established;
        return c != null && c.channel.isWritable();
    }

    /** A connection accepted from this peer's address, by the transport. */
    public void acceptInbound(Channel channel) {
        onLoop(() -> acceptInboundOnLoop(channel));
    }

    // ---------------------------------------------------------------- Idle, Connect, Active

    private void beginConnecting(TransitionReason reason) {
        restartTimer = Connection.cancel(restartTimer);
        if (config.passive()) {
            idleState = SessionState.ACTIVE; // wait for the peer; no ConnectRetry timer needed
        } else {
            idleState = SessionState.CONNECT;
            initiateConnect();
            armConnectRetry();
        }
        updateState(reason);
    }

    private void initiateConnect() {
        cancelPendingConnect();
        Future<Channel> f = connector.connect(config, outgoingTtl());
        pendingConnect = f;
        f.addListener(done -> onLoop(() -> connectDone(f)));
    }

    private void connectDone(Future<Channel> f) {
        if (f != pendingConnect) {
            if (f.isSuccess()) {
                Connection.close(f.getNow()); // a superseded attempt
            }
            return;
        }
        pendingConnect = null;
        if (!f.isSuccess()) {
            log.info("peer {}: connect failed: {}", name(), String.valueOf(f.cause()));
            if (idleState == SessionState.CONNECT) {
                idleState = SessionState.ACTIVE; // §8.2.2 Connect, event 18: wait for the retry
            }
            updateState(TransitionReason.TCP_CONNECT_FAILED);
            return;
        }
        Channel ch = f.getNow();
        if (!enabled || established != null || connections.size() >= 2) {
            Connection.close(ch);
            return;
        }
        connectRetryTimer = Connection.cancel(connectRetryTimer);
        attach(ch, false, TransitionReason.TCP_CONNECTED);
    }

    private void armConnectRetry() {
        connectRetryTimer = Connection.cancel(connectRetryTimer);
        connectRetryTimer = loop.schedule(this::connectRetryExpired, backoff.nextDelayNanos(), TimeUnit.NANOSECONDS);
    }

    /** Connect: the attempt took too long, start over; Active: try again (§8.2.2, event 9). */
    private void connectRetryExpired() {
        connectRetryTimer = null;
        if (enabled && connections.isEmpty()) {
            idleState = SessionState.CONNECT;
            initiateConnect();
            armConnectRetry();
            updateState(TransitionReason.CONNECT_RETRY_EXPIRED);
        }
    }

    private void cancelPendingConnect() {
        Future<Channel> f = pendingConnect;
        pendingConnect = null;
        if (f != null) {
            f.cancel(false); // a connection that completes anyway is closed by connectDone
        }
    }

    private void acceptInboundOnLoop(Channel ch) {
        if (!enabled) {
            log.info("peer {}: refusing connection, session administratively stopped", name());
            Connection.close(ch);
            return;
        }
        Connection est = established;
        if (est != null && !est.negotiated.gracefulRestart()) {
            // §6.8: a collision with an Established session closes the new connection.
            attachBare(ch, true).notifyAndClose(collisionCease(), TransitionReason.CONNECTION_REJECTED);
            return;
        }
        // With graceful restart, a new connection while Established may be the peer restarted before we
        // noticed (RFC 4724 §4.2); the old session ends only once the new connection delivers an OPEN
        // (collisionLost), so a stray connection that closes without one (e.g. the peer's own superseded
        // connect attempt after a collision) cannot take a healthy session down.
        if (connections.size() >= (est != null ? 3 : 2)) {
            attachBare(ch, true)
                    .notifyAndClose(
                            NotificationMessage.of(NotificationCode.CEASE_CONNECTION_REJECTED, new byte[0]),
                            TransitionReason.CONNECTION_REJECTED);
            return;
        }
        // An attempt of ours still under way is not cancelled: its SYN may have been answered already,
        // and if our identifier is higher the peer keeps exactly that connection and closes the one it
        // initiated (§6.8). Both go on to their OPENs and collisionLost picks the same one as the peer.
        connectRetryTimer = Connection.cancel(connectRetryTimer);
        restartTimer = Connection.cancel(restartTimer);
        attach(ch, true, TransitionReason.TCP_ACCEPTED);
    }

    private Connection attachBare(Channel ch, boolean inbound) {
        Connection c = new Connection(this, ch, inbound);
        SessionPipeline.install(ch, new SessionChannelHandler(this, c));
        // The transport hands channels over with auto-read off, so nothing is read before this point.
        ch.config().setAutoRead(true);
        return c;
    }

    private void attach(Channel ch, boolean inbound, TransitionReason reason) {
        Connection c = attachBare(ch, inbound);
        connections.add(c);
        log.info("peer {}: {} connection up", name(), inbound ? "inbound" : "outbound");
        c.begin();
        updateState(reason);
    }

    OpenMessage localOpen() {
        return OpenNegotiator.localOpen(config, local);
    }

    // ---------------------------------------------------------------- from the connections

    /**
     * {@code c} has the peer's OPEN, so the peer's BGP identifier is known: every other live connection
     * not Established (OpenSent or OpenConfirm; §6.8 allows examining OpenSent ones when the identifier
     * is known) is compared with it and the loser closed with Cease 6/7. True if {@code c} lost.
     */
    boolean collisionLost(Connection c) {
        Connection est = established;
        if (est != null && est != c && !est.closing) {
            if (c.negotiated.peerRestarting()) {
                // RFC 4724 §4.2: the peer restarted (its OPEN says so with the Restart State bit) before
                // we noticed; the old session ends as if its TCP connection had dropped.
                log.info(
                        "peer {}: OPEN with the Restart State bit on a new connection while Established:"
                                + " the peer restarted",
                        name());
                est.closeSilently(TransitionReason.TCP_CLOSED);
            } else {
                // RFC 4271 §6.8: a collision with an Established session closes the new connection —
                // typically the other half of a simultaneous open that lost the race.
                log.info("peer {}: connection collision with the Established session, closing the new {}", name(), c);
                c.notifyAndClose(collisionCease(), TransitionReason.COLLISION_LOST);
                return true;
            }
        }
        for (Connection o : List.copyOf(connections)) {
            if (o == c || o.closing || o.state == SessionState.ESTABLISHED) {
                continue;
            }
            Connection loser;
            if (o.inbound == c.inbound) {
                // Not an RFC 4271 §6.8 collision: the same side connected twice, so the older connection
                // is stale (its FIN was lost, or GTSM dropped it). The newer one just delivered an OPEN.
                loser = o;
            } else {
                loser = keepsInbound(c.negotiated.peerRouterId()) == c.inbound ? o : c;
            }
            log.info("peer {}: connection collision, closing the {} connection", name(), loser);
            loser.notifyAndClose(collisionCease(), TransitionReason.COLLISION_LOST);
            if (loser == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * §6.8: if our BGP identifier is lower, the connection the peer initiated survives, else ours; with
     * equal identifiers (possible on eBGP, RFC 6286 §2.3) the one initiated by the larger AS.
     */
    boolean keepsInbound(int remoteId) {
        int cmp = Integer.compareUnsigned(local.routerId(), remoteId);
        return cmp < 0 || (cmp == 0 && config.remoteAs() > config.effectiveLocalAs(local));
    }

    private static NotificationMessage collisionCease() {
        return NotificationMessage.of(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION, new byte[0]);
    }

    /** {@code c} got the KEEPALIVE in OpenConfirm. */
    void established(Connection c) {
        for (Connection o : List.copyOf(connections)) {
            if (o != c) {
                o.notifyAndClose(collisionCease(), TransitionReason.COLLISION_LOST);
            }
        }
        established = c;
        backoff.reset();
        NegotiatedSession n = c.negotiated;
        PeerType type = config.isIbgp(local) ? PeerType.IBGP : PeerType.EBGP;
        PeerInfo info = new PeerInfo(
                config.remoteAddress(),
                n.peerAs(),
                config.effectiveLocalAs(local),
                n.peerRouterId(),
                type,
                config.routeReflectorClient());
        peerInfo = info;
        negotiated = n;
        counters.establishedAt = clock.instant();
        counters.establishedTransitions.incrementAndGet();
        updateState(TransitionReason.KEEPALIVE_RECEIVED);
        listener.onEstablished(this, info, n);
    }

    /** {@code c} ended; {@code notification} if a NOTIFICATION was sent or received on it. */
    void connectionEnded(Connection c, TransitionReason reason, boolean notification) {
        boolean listed = connections.remove(c);
        if (c == established) {
            established = null;
            counters.flaps.incrementAndGet();
            counters.lastDownReason = reason;
            counters.establishedAt = null;
            peerInfo = null;
            negotiated = null;
            // RFC 4724 §4.2 (we do not advertise RFC 8538's N bit): graceful restart applies when the
            // TCP session ended without a NOTIFICATION, i.e. the peer or the path went away.
            boolean gr = c.negotiated.gracefulRestart() && !notification;
            updateState(reason);
            listener.onDown(this, reason, gr);
        }
        if (!listed) {
            return;
        }
        if (connections.isEmpty() && pendingConnect == null) {
            idleState = SessionState.IDLE;
            if (enabled && restartTimer == null) {
                restartTimer = loop.schedule(this::restartAfterIdle, backoff.nextDelayNanos(), TimeUnit.NANOSECONDS);
            }
        }
        updateState(reason);
    }

    private void restartAfterIdle() {
        restartTimer = null;
        if (enabled && connections.isEmpty() && idleState == SessionState.IDLE) {
            beginConnecting(TransitionReason.START);
        }
    }

    void onWritabilityChanged(Connection c, boolean writable) {
        if (c == established && !c.closing) {
            listener.onWritabilityChanged(this, writable);
        }
    }

    void updateState(TransitionReason reason) {
        SessionState s = idleState;
        for (Connection c : connections) {
            if (!c.closing && c.state.compareTo(s) > 0) {
                s = c.state;
            }
        }
        SessionState from = visibleState;
        if (s != from) {
            visibleState = s;
            log.info("peer {}: {} -> {} ({})", name(), from.label(), s.label(), reason);
            listener.onStateChange(this, from, s, reason);
        }
    }

    // ---------------------------------------------------------------- helpers

    void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Lowers the output cap; for tests in this package. */
    void maxQueuedBytes(long bytes) {
        maxQueuedBytes = bytes;
    }

    /** The Established connection, or null; for tests in this package. */
    Connection establishedConnection() {
        return established;
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(() -> {
                flushScheduled = false;
                Connection c = established;
                if (c != null) {
                    c.channel.flush();
                }
            });
        }
    }

    private static long queuedBytes(Channel ch) {
        ChannelOutboundBuffer buf = ch.unsafe().outboundBuffer();
        return buf == null ? 0 : buf.totalPendingWriteBytes();
    }

    String name() {
        return config.remoteAddress().getHostAddress() + " AS" + config.remoteAs();
    }

    @Override
    public String toString() {
        return "BgpPeer[" + name() + ", " + visibleState.label() + "]";
    }
}
