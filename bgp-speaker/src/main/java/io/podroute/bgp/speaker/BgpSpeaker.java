package io.podroute.bgp.speaker;

import io.netty.channel.EventLoop;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.RibListener;
import io.podroute.bgp.session.BgpPeer;
import io.podroute.bgp.session.BgpSession;
import io.podroute.bgp.session.LocalSpeaker;
import io.podroute.bgp.session.NegotiatedSession;
import io.podroute.bgp.session.SessionListener;
import io.podroute.bgp.session.TransitionReason;
import io.podroute.bgp.transport.BgpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP speaker: sessions, import policy, the RIB and per-peer export, wired together. This is the
 * API other modules use: {@link #setAdvertisements} (the full set of local routes), {@link
 * #addListener} (best-path changes per prefix, with the ECMP next hops), {@link #peers} (status).
 *
 * <p>Invariants and threads: every peer, the RIB and each peer's {@link PeerLink} live on ONE event
 * loop (the transport's); session callbacks arrive there, public methods hop onto it, so no state is
 * shared between threads and nothing is locked. Listeners are called on that loop and must not block.
 * Outbound UPDATEs are computed once per loop turn after RIB changes ({@link #scheduleExport}), so a
 * burst of received UPDATEs costs one export pass per peer, not one per UPDATE.
 */
public final class BgpSpeaker implements Speaker {
    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);

    private final SpeakerConfig config;
    private final BgpTransport transport;
    private final EventLoop loop;
    private final Rib rib;
    private LocalSpeaker local;
    /** While restarting: the peers configured at start that have not been sent End-of-RIB yet. */
    private final Set<InetAddress> restartPending = new HashSet<>();

    private ScheduledFuture<?> restartTimer;
    private final Map<InetAddress, PeerLink> peers = new LinkedHashMap<>();
    private final List<RibListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<InetAddress, Family>> endOfRibListeners = new CopyOnWriteArrayList<>();
    private boolean exportScheduled;

    private BgpSpeaker(SpeakerConfig config, BgpTransport transport) {
        this.config = config;
        this.transport = transport;
        this.loop = transport.eventLoop();
        this.rib = new Rib(config.rib());
        this.local = new LocalSpeaker(config.rib().localAs(), config.rib().routerId(), config.restarting());
        rib.addListener(changes -> {
            for (RibListener l : listeners) {
                l.onChanges(changes);
            }
            scheduleExport();
        });
    }

    /**
     * Starts a speaker with its own event loop: listens on the configured addresses, starts every
     * peer. Sockets are created on {@code socketExecutor} (tests use it to place them in a network
     * namespace; pass {@code Runnable::run} otherwise).
     */
    public static BgpSpeaker start(SpeakerConfig config, Collection<SpeakerPeer> peers, Executor socketExecutor) {
        return start(config, peers, List.of(), socketExecutor);
    }

    /**
     * Like {@link #start(SpeakerConfig, Collection, Executor)}, with the local routes set before any
     * session starts: a restarting speaker ({@link SpeakerConfig#restarting()}) should start this way, so
     * that no peer gets End-of-RIB before our routes and drops the ones it kept for us.
     */
    public static BgpSpeaker start(
            SpeakerConfig config,
            Collection<SpeakerPeer> peers,
            Collection<LocalRoute> routes,
            Executor socketExecutor) {
        return start(config, peers, routes, socketExecutor, s -> {});
    }

    /**
     * Like {@link #start(SpeakerConfig, Collection, Collection, Executor)}, calling {@code beforeSessions}
     * on the speaker's loop before any session starts: the place to add listeners that must not miss
     * the first best-path change or End-of-RIB.
     */
    public static BgpSpeaker start(
            SpeakerConfig config,
            Collection<SpeakerPeer> peers,
            Collection<LocalRoute> routes,
            Executor socketExecutor,
            Consumer<BgpSpeaker> beforeSessions) {
        List<LocalRoute> initial = List.copyOf(routes);
        BgpSpeaker s = new BgpSpeaker(config, BgpTransport.create(socketExecutor));
        try {
            s.call(() -> {
                beforeSessions.accept(s);
                s.rib.setLocalRoutes(initial);
                for (SpeakerPeer p : peers) {
                    s.addPeerOnLoop(p);
                }
                s.beginRestart();
                return null;
            });
            for (InetSocketAddress a : config.listen()) {
                s.transport.listen(a, remote -> s.sessionFor(remote)).syncUninterruptibly();
            }
            s.call(() -> {
                s.peers.values().forEach(l -> l.session.start());
                return null;
            });
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Adds a peer and starts it (replacing one with the same address, which is shut down first). */
    @Override
    public void addPeer(SpeakerPeer peer) {
        call(() -> {
            addPeerOnLoop(peer).session.start();
            return null;
        });
    }

    /** Shuts a peer down (Cease 6/3, peer de-configured) and forgets it and its routes. */
    @Override
    public void removePeer(InetAddress address) {
        call(() -> {
            PeerLink l = peers.remove(address);
            if (l != null) {
                l.remove("peer de-configured");
                updatePasswords();
            }
            endOfRibSent(address); // a removed peer no longer holds the restart up
            return null;
        });
    }

    /**
     * Changes a peer's configured import and export policies at run time (either may be null: RFC 8212
     * defaults). If the effective import policy changed ({@link io.podroute.bgp.policy.Policies#changed})
     * the peer is asked to send its routes again (ROUTE-REFRESH for each negotiated family; with
     * enhanced route refresh, RFC 7313, the paths it does not re-send are swept at its
     * End-of-RIB-Refresh) and they pass the new policy: a route the new policy rejects is withdrawn from
     * our RIB. A peer without route refresh is reset with Cease 6/6 (other configuration change) and
     * reconnects. If the export policy changed, the export is re-run and only the difference is sent.
     * The new policies also apply to later sessions of the peer.
     *
     * @throws IllegalArgumentException if no peer has that address
     */
    public PolicyChange setPolicies(InetAddress peer, RoutePolicy importPolicy, RoutePolicy exportPolicy) {
        return call(() -> {
            PeerLink l = peers.get(peer);
            if (l == null) {
                throw new IllegalArgumentException("no configured peer " + peer.getHostAddress());
            }
            return l.setPolicies(importPolicy, exportPolicy);
        });
    }

    /**
     * The full set of locally originated routes. The same set twice changes nothing; a route missing
     * from the new set is withdrawn from every peer.
     */
    @Override
    public void setAdvertisements(Collection<LocalRoute> routes) {
        List<LocalRoute> copy = List.copyOf(routes);
        call(() -> {
            rib.setLocalRoutes(copy);
            return null;
        });
    }

    /** Subscribes to best-path changes; called on the speaker's loop, must not block. */
    @Override
    public void addListener(RibListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RibListener listener) {
        listeners.remove(listener);
    }

    /**
     * Subscribes to End-of-RIB markers received (RFC 4724 §2): the peer's address and the family, after
     * the peer's stale paths of that family were swept. Called on the speaker's loop, must not block. An
     * owner that programs routes uses it to know when a peer's initial table is complete.
     */
    @Override
    public void addEndOfRibListener(BiConsumer<InetAddress, Family> listener) {
        endOfRibListeners.add(listener);
    }

    /** Status of every configured peer, in configuration order. */
    @Override
    public List<PeerStatus> peers() {
        return call(() -> {
            List<PeerStatus> out = new ArrayList<>();
            for (PeerLink l : peers.values()) {
                out.add(l.status());
            }
            return out;
        });
    }

    /** Runs {@code query} on the speaker's loop against the RIB (read only) and returns its result. */
    @Override
    public <T> T query(Function<Rib, T> query) {
        return call(() -> query.apply(rib));
    }

    /** Stops every session with Cease 6/2 and the given text, then the event loop. */
    @Override
    public void shutdown(String text) {
        try {
            call(() -> {
                peers.values().forEach(l -> l.session.adminShutdown(text));
                return null;
            });
            // Let the NOTIFICATIONs go out (write, half-close) before the loop stops.
            loop.schedule(() -> {}, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        } finally {
            close();
        }
    }

    /**
     * Closes every connection (TCP FIN) and stops the event loop, without a NOTIFICATION: to the peers
     * it looks like a crash, so those that negotiated graceful restart keep our routes as stale for our
     * restart time (RFC 4724 §4.2). {@link #shutdown} is the orderly stop.
     */
    @Override
    public void close() {
        try {
            if (!loop.isShuttingDown()) {
                // Close every connection explicitly (on the loop, so the FINs are out when this returns)
                // rather than rely on the loop's shutdown to close its channels.
                call(() -> {
                    peers.values().forEach(l -> l.session.abort());
                    return null;
                });
            }
        } catch (RuntimeException e) {
            log.warn("closing the BGP sessions failed ({}); stopping the event loop anyway", e.toString());
        } finally {
            transport.close();
        }
    }

    // ---------------------------------------------------------------- on the loop

    private PeerLink addPeerOnLoop(SpeakerPeer p) {
        InetAddress address = p.session().remoteAddress();
        PeerLink old = peers.remove(address);
        if (old != null) {
            old.remove("peer re-configured");
        }
        PeerLink link = new PeerLink(p, config, rib, loop, () -> endOfRibSent(address));
        link.session =
                new BgpPeer(p.session(), local, new Glue(link), transport, loop, Clock.systemUTC(), new SecureRandom());
        peers.put(address, link);
        updatePasswords();
        return link;
    }

    /**
     * RFC 4724 §3, §4.1 as the restarting speaker. The Restart State bit goes only into the OPENs sent
     * right after the restart: it is cleared once End-of-RIB went to every peer configured at start, or
     * when the longest restart time we advertised runs out, whichever comes first. Our routes are not
     * deferred: the local routes are known at start (handed to {@link #start(SpeakerConfig, Collection,
     * Collection, Executor)}), so each peer gets them at once, followed by End-of-RIB.
     */
    private void beginRestart() {
        if (!local.restarting()) {
            return;
        }
        int longest = 0;
        for (PeerLink l : peers.values()) {
            restartPending.add(l.spec.session().remoteAddress());
            longest = Math.max(longest, l.spec.session().restartTime());
        }
        int restartTime = longest;
        if (restartPending.isEmpty()) {
            restartDone("no peers configured");
            return;
        }
        log.info("restarting gracefully: Restart State bit set until End-of-RIB is sent to {} peer(s)", peers.size());
        restartTimer = loop.schedule(
                () -> restartDone("restart time of " + restartTime + " s over"), restartTime, TimeUnit.SECONDS);
    }

    private void endOfRibSent(InetAddress peer) {
        if (restartPending.remove(peer) && restartPending.isEmpty()) {
            restartDone("End-of-RIB sent to every peer");
        }
    }

    private void restartDone(String why) {
        if (!local.restarting()) {
            return;
        }
        restartPending.clear();
        if (restartTimer != null) {
            restartTimer.cancel(false);
            restartTimer = null;
        }
        local = local.restartDone();
        for (PeerLink l : peers.values()) {
            l.session.updateLocal(local);
        }
        log.info("graceful restart done ({}): later OPENs carry Restart State 0", why);
    }

    private BgpPeer sessionFor(InetAddress remote) {
        PeerLink l = peers.get(remote);
        return l == null ? null : l.session;
    }

    private void updatePasswords() {
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (PeerLink l : peers.values()) {
            byte[] key = l.spec.session().passwordBytes();
            if (key != null && key.length > 0) {
                keys.put(l.spec.session().remoteAddress(), key);
            }
        }
        transport.setPasswords(keys);
    }

    /**
     * Best-path changes reach the peers at most this long after they happen: an export pass walks the
     * whole Loc-RIB ({@link io.podroute.bgp.rib.AdjRibOut#sync}), so a burst of UPDATEs is exported in
     * a pass per interval rather than a pass per UPDATE batch (at a million prefixes, the event loop
     * spent 13 % of its samples in those walks). A small Minimum Route Advertisement Interval in the
     * sense of RFC 4271 §9.2.1.1, but for every peer and without per-prefix timers.
     */
    static final long EXPORT_DELAY_MILLIS = 50;

    private void scheduleExport() {
        if (!exportScheduled) {
            exportScheduled = true;
            var unused =
                    loop.schedule(this::exportAll, EXPORT_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void exportAll() {
        exportScheduled = false;
        for (PeerLink l : peers.values()) {
            l.export();
        }
    }

    /** Session events for one peer, applied to the RIB and its export state. */
    private final class Glue implements SessionListener {
        private final PeerLink link;

        Glue(PeerLink link) {
            this.link = link;
        }

        @Override
        public void onEstablished(BgpSession session, PeerInfo peer, NegotiatedSession negotiated) {
            link.established(peer, negotiated);
            link.export();
        }

        @Override
        public void onUpdate(BgpSession session, UpdateMessage update) {
            Family eor = update.endOfRibFamily();
            if (eor != null) {
                link.endOfRib(eor);
                InetAddress from = link.spec.session().remoteAddress();
                endOfRibListeners.forEach(l -> l.accept(from, eor));
                return;
            }
            rib.applyUpdate(link.info, update, link.importPolicy);
            link.checkMaxPrefix();
        }

        @Override
        public void onRouteRefresh(BgpSession session, RouteRefreshMessage refresh) {
            link.routeRefresh(refresh);
        }

        @Override
        public void onDown(BgpSession session, TransitionReason reason, boolean gracefulRestartApplies) {
            link.down(reason, gracefulRestartApplies);
        }

        @Override
        public void onWritabilityChanged(BgpSession session, boolean writable) {
            if (writable) {
                link.export(); // resume what was held back while the peer was not reading
            }
        }
    }

    private <T> T call(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the BGP speaker's loop", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the BGP speaker's loop did not answer in 30 s", e);
        }
    }

    static Logger log() {
        return log;
    }
}
