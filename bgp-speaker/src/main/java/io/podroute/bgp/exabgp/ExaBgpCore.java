package io.podroute.bgp.exabgp;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.RibListener;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ExaBGP speaker does with ExaBGP's output and with the agent's routes, without the process:
 * ExaBGP's JSON lines become RIB changes (import policy, graceful restart, End-of-RIB), our local
 * routes become API commands per neighbour (export policy), diffed against what ExaBGP already has.
 *
 * <p>Invariants and threads: every method runs on the speaker's single thread (timers too: {@code
 * timers} is that thread), so nothing is locked. A peer's paths are in the RIB only while it is up or
 * stale (graceful restart, RFC 4724 §4.2: kept for the restart time its OPEN advertised, swept per
 * family at End-of-RIB or when the time runs out, or at once for families its new OPEN does not
 * preserve). When ExaBGP exits, every peer's paths are kept stale until its End-of-RIB on the new
 * session (or its restart time), whatever its OPEN said: the peer did not restart, our ExaBGP did.
 */
final class ExaBgpCore {
    private static final Logger log = LoggerFactory.getLogger(ExaBgpCore.class);
    /** How long stale paths wait for End-of-RIB once the session is back (as the native speaker). */
    static final long STALE_PATH_SECONDS = 360;

    private final SpeakerConfig config;
    private final Consumer<String> api;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    final Rib rib;
    private final Map<InetAddress, ExaPeer> peers = new LinkedHashMap<>();
    private List<LocalRoute> localRoutes = List.of();
    final List<RibListener> listeners = new CopyOnWriteArrayList<>();
    final List<BiConsumer<InetAddress, Family>> endOfRibListeners = new CopyOnWriteArrayList<>();
    private long malformed;
    private long apiErrors;

    ExaBgpCore(SpeakerConfig config, Consumer<String> api, ScheduledExecutorService timers, Clock clock) {
        this.config = config;
        this.api = api;
        this.timers = timers;
        this.clock = clock;
        this.rib = new Rib(config.rib());
        rib.addListener(changes -> listeners.forEach(l -> l.onChanges(changes)));
    }

    /** Adds or replaces a peer; the caller restarts ExaBGP so that its configuration has it. */
    void addPeer(SpeakerPeer spec) {
        removePeer(spec.session().remoteAddress());
        ExaPeer p = new ExaPeer(spec, config.rib().localAs());
        if (p.exportPolicy.isRfc8212Deny()) {
            log.warn("peer {}: {}", p.name(), p.exportPolicy.reason());
        }
        peers.put(p.address(), p);
    }

    boolean removePeer(InetAddress address) {
        ExaPeer p = peers.remove(address);
        if (p == null) {
            return false;
        }
        p.staleTimer = cancel(p.staleTimer);
        if (p.info != null) {
            rib.peerDown(p.info);
        }
        return true;
    }

    boolean hasPeer(SpeakerPeer spec) {
        ExaPeer p = peers.get(spec.session().remoteAddress());
        return p != null && p.spec.equals(spec);
    }

    /** The full set of local routes: into the RIB, and the difference to every neighbour via the API. */
    void setLocalRoutes(Collection<LocalRoute> routes) {
        localRoutes = List.copyOf(routes);
        rib.setLocalRoutes(localRoutes);
        for (ExaPeer p : peers.values()) {
            export(p);
        }
    }

    private void export(ExaPeer p) {
        Map<Prefix, String> desired = ExaBgpRoutes.desired(p, localRoutes);
        for (Prefix gone : new ArrayList<>(p.advertised.keySet())) {
            if (!desired.containsKey(gone)) {
                api.accept("neighbor " + p.name() + " withdraw route " + gone + " next-hop self");
                p.advertised.remove(gone);
            }
        }
        desired.forEach((prefix, route) -> {
            if (!route.equals(p.advertised.get(prefix))) {
                api.accept("neighbor " + p.name() + " announce route " + route);
                p.advertised.put(prefix, route);
            }
        });
    }

    /** The configuration for a new ExaBGP: each neighbour's routes as static routes. */
    String configuration(Path relay) {
        for (ExaPeer p : peers.values()) {
            p.advertised.clear();
            p.advertised.putAll(ExaBgpRoutes.desired(p, localRoutes));
        }
        return ExaBgpConfig.generate(config, peers.values(), relay);
    }

    /** ExaBGP exited: its sessions are gone without NOTIFICATION. */
    void exited() {
        for (ExaPeer p : peers.values()) {
            if (p.state != io.podroute.bgp.session.SessionState.IDLE) {
                down(p, "ExaBGP exited", true);
            }
        }
    }

    /** One line of ExaBGP's output; a malformed or unexpected one is logged and counted, never thrown. */
    void line(String line) {
        ExaBgpEvent event;
        try {
            event = ExaBgpJson.parse(line);
        } catch (ExaBgpJsonException e) {
            malformed("malformed line (" + e.getMessage() + ")", line);
            return;
        }
        try {
            dispatch(event, line);
        } catch (RuntimeException e) {
            malformed("line not applied (" + e + ")", line);
        }
    }

    private void dispatch(ExaBgpEvent event, String line) {
        if (event instanceof ExaBgpEvent.Ack a) {
            if (!a.ok()) {
                apiErrors++;
                log.warn("ExaBGP rejected an API command (its log, prefixed exabgp:, says which)");
            }
            return;
        }
        if (event instanceof ExaBgpEvent.Shutdown || event instanceof ExaBgpEvent.Ignored) {
            log.debug("ExaBGP: {}", event);
            return;
        }
        ExaPeer p = peers.get(peerOf(event));
        if (p == null) {
            malformed("message for an unknown neighbour", line);
            return;
        }
        if (event instanceof ExaBgpEvent.State s) {
            state(p, s);
        } else if (event instanceof ExaBgpEvent.Open o) {
            p.messageIn(false);
            p.open = o;
        } else if (event instanceof ExaBgpEvent.Notification n) {
            p.notificationReceived(n.code(), n.subcode());
            log.info("peer {}: NOTIFICATION received {}/{}", p.name(), n.code(), n.subcode());
        } else if (event instanceof ExaBgpEvent.EndOfRib e) {
            p.messageIn(true);
            endOfRib(p, e.family());
        } else if (event instanceof ExaBgpEvent.Update u) {
            update(p, u, line);
        }
    }

    private static InetAddress peerOf(ExaBgpEvent e) {
        if (e instanceof ExaBgpEvent.State s) {
            return s.peer();
        }
        if (e instanceof ExaBgpEvent.Open o) {
            return o.peer();
        }
        if (e instanceof ExaBgpEvent.Notification n) {
            return n.peer();
        }
        if (e instanceof ExaBgpEvent.EndOfRib r) {
            return r.peer();
        }
        return ((ExaBgpEvent.Update) e).peer();
    }

    private void state(ExaPeer p, ExaBgpEvent.State s) {
        switch (s.state()) {
            case "up" -> up(p);
            case "down" -> down(p, s.reason(), false);
            case "connected" -> p.state = io.podroute.bgp.session.SessionState.OPEN_SENT;
            default -> log.debug("peer {}: ExaBGP state {}", p.name(), s.state());
        }
    }

    private void up(ExaPeer p) {
        PeerInfo info = p.established(clock.instant());
        if (p.importPolicy.isRfc8212Deny()) {
            log.warn("peer {}: {}", p.name(), p.importPolicy.reason());
        }
        log.info("peer {} up (ExaBGP)", p.name());
        boolean local = p.localRestart;
        p.localRestart = false;
        if (p.stale.isEmpty()) {
            return;
        }
        p.staleTimer = cancel(p.staleTimer);
        ExaBgpEvent.Open o = p.open;
        boolean peerGr = o != null && o.restartTime() >= 0;
        for (Family f : Set.copyOf(p.stale)) {
            // RFC 4724 §4.2: a family the peer's new OPEN does not preserve goes at once; not when it
            // was our ExaBGP that restarted (the peer kept forwarding; its table follows, then End-of-RIB)
            if (!local
                    && (!peerGr
                            || !o.restartFamilies().contains(f)
                            || !o.forwarding().contains(f))) {
                p.stale.remove(f);
                rib.sweepStale(info, f);
            }
        }
        if (!p.stale.isEmpty()) {
            long wait = peerGr ? STALE_PATH_SECONDS : p.restartTime(); // no End-of-RIB promised without GR
            p.staleTimer = timers.schedule(() -> sweepAll(p), wait, TimeUnit.SECONDS);
        }
    }

    /**
     * The session left Established. The peer's paths are kept stale when graceful restart applies, or
     * when our ExaBGP exited ({@code localExit}: the peer did nothing; keeping its routes keeps the
     * kernel routes while ExaBGP restarts), for the peer's restart time (else ours).
     */
    private void down(ExaPeer p, String reason, boolean localExit) {
        boolean wasUp = p.down(reason);
        if (!wasUp || p.info == null) {
            return;
        }
        p.staleTimer = cancel(p.staleTimer);
        if (!localExit && !p.gracefulRestartApplies(reason)) {
            log.info("peer {} down ({}): its routes are withdrawn", p.name(), reason);
            rib.peerDown(p.info);
            p.info = null;
            p.stale.clear();
            return;
        }
        rib.markStale(p.info);
        p.stale.clear();
        p.stale.addAll(p.spec.session().families());
        p.localRestart = localExit;
        for (Family f : Set.copyOf(p.stale)) {
            if (!localExit && !p.open.restartFamilies().contains(f)) {
                p.stale.remove(f);
                rib.sweepStale(p.info, f);
            }
        }
        int restart = p.restartTime();
        log.info("peer {} down ({}): keeping its routes as stale for {} s", p.name(), reason, restart);
        p.staleTimer = timers.schedule(() -> sweepAll(p), restart, TimeUnit.SECONDS);
    }

    private void sweepAll(ExaPeer p) {
        p.staleTimer = null;
        if (p.info != null && peers.get(p.address()) == p) {
            for (Family f : Set.copyOf(p.stale)) {
                rib.sweepStale(p.info, f);
            }
            if (p.state != io.podroute.bgp.session.SessionState.ESTABLISHED) {
                rib.peerDown(p.info);
                p.info = null;
            }
        }
        p.stale.clear();
    }

    private void endOfRib(ExaPeer p, Family f) {
        if (p.info != null && p.stale.remove(f)) {
            rib.sweepStale(p.info, f);
            if (p.stale.isEmpty()) {
                p.staleTimer = cancel(p.staleTimer);
            }
        }
        endOfRibListeners.forEach(l -> l.accept(p.address(), f));
    }

    private void update(ExaPeer p, ExaBgpEvent.Update u, String line) {
        p.messageIn(true);
        if (p.info == null || p.state != io.podroute.bgp.session.SessionState.ESTABLISHED) {
            malformed("update from a neighbour that is not up", line);
            return;
        }
        for (UpdateMessage m : u.updates()) {
            rib.applyUpdate(p.info, m, p.importPolicy);
        }
    }

    private void malformed(String what, String line) {
        malformed++;
        String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
        log.warn("ExaBGP output: {}, ignored ({} so far): {}", what, malformed, shown);
    }

    List<PeerStatus> status() {
        List<PeerStatus> out = new ArrayList<>();
        for (ExaPeer p : peers.values()) {
            out.add(p.status(p.info == null ? null : rib.counters(p.address()).orElse(null), clock.instant()));
        }
        return out;
    }

    Set<InetAddress> peerAddresses() {
        return new HashSet<>(peers.keySet());
    }

    long malformedLines() {
        return malformed;
    }

    long apiErrors() {
        return apiErrors;
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }
}
