package io.podroute.bgp.speaker;

import io.netty.channel.EventLoop;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.EffectivePolicy;
import io.podroute.bgp.policy.MaxPrefixTracker;
import io.podroute.bgp.policy.Policies;
import io.podroute.bgp.rib.AdjRibOut;
import io.podroute.bgp.rib.ExportConfig;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.session.BgpPeer;
import io.podroute.bgp.session.NegotiatedSession;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.TransitionReason;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One peer as the speaker sees it: its session, the policies in force, its Adj-RIB-Out, max-prefix
 * state and graceful-restart bookkeeping.
 *
 * <p>Invariants: used only on the speaker's loop. {@code info} is set from Established until the
 * peer's routes are gone (through a graceful restart it stays set while its routes are stale); {@code
 * out} exists only while Established. Stale routes (RFC 4724 §4.2) are swept per family at End-of-RIB,
 * or all at once when the restart time runs out before the session is back, or when the stale-path
 * time runs out after it is back without End-of-RIB. The configured policies may change at run time
 * ({@link #setPolicies}); {@code importPolicy} and the Adj-RIB-Out's export policy are always the
 * effective policies of the configured ones. An enhanced route refresh (RFC 7313) we asked for keeps
 * the families between the peer's Beginning- and End-of-RIB-Refresh in {@code refreshing}; their paths
 * not re-sent by then are swept.
 */
final class PeerLink {
    /** How long stale paths wait for End-of-RIB once the session is back (FRR's default stalepath-time). */
    static final long STALE_PATH_SECONDS = 360;

    final SpeakerPeer spec;
    private final SpeakerConfig speaker;
    private final Rib rib;
    private final EventLoop loop;
    BgpPeer session;
    PeerInfo info;
    private NegotiatedSession negotiated;
    private EffectivePolicy importEffective;
    private EffectivePolicy exportEffective;
    EffectivePolicy importPolicy;
    private AdjRibOut out;
    private final MaxPrefixGuard maxPrefix;
    private final Set<Family> stale = new HashSet<>();
    private ScheduledFuture<?> staleTimer;
    private RoutePolicy importConfigured;
    private RoutePolicy exportConfigured;
    private final Set<Family> refreshing = new HashSet<>();
    private ScheduledFuture<?> refreshTimer;
    /** Families whose End-of-RIB-Refresh is owed to the peer once the re-sent routes are out. */
    private final Set<Family> owedEndOfRefresh = new HashSet<>();
    /** Told each time an export pass sent End-of-RIB (the speaker's restart bookkeeping). */
    private final Runnable endOfRibSent;

    PeerLink(SpeakerPeer spec, SpeakerConfig speaker, Rib rib, EventLoop loop, Runnable endOfRibSent) {
        this.spec = spec;
        this.speaker = speaker;
        this.rib = rib;
        this.loop = loop;
        this.endOfRibSent = endOfRibSent;
        this.maxPrefix = spec.maxPrefix() == null ? null : new MaxPrefixGuard(new MaxPrefixTracker(spec.maxPrefix()));
        this.importConfigured = spec.importPolicy();
        this.exportConfigured = spec.exportPolicy();
    }

    void established(PeerInfo peer, NegotiatedSession n) {
        info = peer;
        negotiated = n;
        importEffective = Policies.effectiveImport(peer, importConfigured);
        exportEffective = Policies.effectiveExport(peer, exportConfigured);
        importPolicy = importEffective;
        if (importEffective.isRfc8212Deny() || exportEffective.isRfc8212Deny()) {
            BgpSpeaker.log()
                    .warn(
                            "peer {}: {}; {}",
                            peer.address().getHostAddress(),
                            importEffective.reason(),
                            exportEffective.reason());
        }
        out = new AdjRibOut(exportConfig());
        refreshing.clear();
        owedEndOfRefresh.clear();
        refreshTimer = cancel(refreshTimer);
        if (maxPrefix != null) {
            maxPrefix.tracker().reset();
        }
        if (!stale.isEmpty()) {
            staleTimer = cancel(staleTimer);
            // RFC 4724 §4.2: stale families the peer no longer preserves are swept at once.
            for (Family f : Set.copyOf(stale)) {
                if (!preserved(n, f)) {
                    stale.remove(f);
                    rib.sweepStale(peer, f);
                }
            }
            if (!stale.isEmpty()) {
                // Back after a graceful restart: stale paths wait for End-of-RIB, but not for ever.
                staleTimer = loop.schedule(this::sweepAllStale, STALE_PATH_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** True if the re-established session kept graceful restart for {@code family}, with forwarding state. */
    private static boolean preserved(NegotiatedSession n, Family family) {
        GracefulRestartCapability gr = n.peerGracefulRestart();
        if (!n.gracefulRestart() || gr == null || !n.families().contains(family)) {
            return false;
        }
        for (GracefulRestartCapability.FamilyEntry e : gr.families()) {
            if (e.family().equals(family)) {
                return e.forwardingState();
            }
        }
        return false;
    }

    private ExportConfig exportConfig() {
        return new ExportConfig(
                info,
                negotiated.sendContext(),
                speaker.localIpv4(),
                speaker.localIpv6(),
                spec.nextHopSelf(),
                exportEffective,
                negotiated.families());
    }

    /**
     * New configured policies (either may be null: RFC 8212 defaults). Applied now if Established:
     * a changed effective import policy asks the peer to send its routes again (ROUTE-REFRESH per
     * family, enhanced if negotiated) and they pass the new policy, or, without route refresh, resets
     * the session with Cease 6/6; a changed export policy re-runs the export and sends the difference.
     */
    PolicyChange setPolicies(RoutePolicy importPolicy, RoutePolicy exportPolicy) {
        importConfigured = importPolicy;
        exportConfigured = exportPolicy;
        if (info == null || out == null) {
            return PolicyChange.NOT_ESTABLISHED;
        }
        EffectivePolicy newImport = Policies.effectiveImport(info, importPolicy);
        EffectivePolicy newExport = Policies.effectiveExport(info, exportPolicy);
        boolean exportChanged = Policies.changed(exportEffective, newExport);
        exportEffective = newExport;
        if (exportChanged) {
            out.reconfigure(exportConfig());
            export();
        }
        boolean importChanged = Policies.changed(importEffective, newImport);
        importEffective = newImport;
        this.importPolicy = newImport;
        if (!importChanged) {
            return exportChanged ? PolicyChange.EXPORT_RESENT : PolicyChange.NO_CHANGE;
        }
        String peer = info.address().getHostAddress();
        if (!negotiated.routeRefresh() && !negotiated.enhancedRouteRefresh()) {
            BgpSpeaker.log()
                    .info("peer {}: import policy changed, no route refresh negotiated: resetting (Cease 6/6)", peer);
            session.reset(
                    NotificationMessage.of(NotificationCode.CEASE_OTHER_CONFIGURATION_CHANGE, new byte[0]),
                    RESET_RESTART);
            return PolicyChange.SESSION_RESET;
        }
        BgpSpeaker.log()
                .info(
                        "peer {}: import policy changed: asking for its routes again ({} route refresh)",
                        peer,
                        negotiated.enhancedRouteRefresh() ? "enhanced" : "plain");
        for (Family f : negotiated.families()) {
            session.sendRouteRefresh(RouteRefreshMessage.request(f));
        }
        return PolicyChange.ROUTE_REFRESH;
    }

    /**
     * A ROUTE-REFRESH from the peer: a request (we send that family's routes again, RFC 2918 §4, framed
     * by Beginning/End-of-RIB-Refresh for that family when enhanced route refresh was negotiated, RFC
     * 7313 §4; a family not negotiated is ignored), or the markers around the peer's answer to our
     * request.
     */
    void routeRefresh(RouteRefreshMessage rr) {
        switch (rr.subtype()) {
            case RouteRefreshMessage.NORMAL -> resend(rr.family());
            case RouteRefreshMessage.BEGIN_OF_RIB_REFRESH -> beginRefresh(rr.family());
            case RouteRefreshMessage.END_OF_RIB_REFRESH -> endRefresh(rr.family());
            default -> BgpSpeaker.log().info("peer {}: ignoring ROUTE-REFRESH subtype {}", name(), rr.subtype());
        }
    }

    /** RFC 7313 §4: the peer starts re-sending {@code family}; what it does not re-send goes at the end. */
    private void beginRefresh(Family family) {
        if (info == null || negotiated == null || !negotiated.enhancedRouteRefresh() || stale.contains(family)) {
            return; // stale from a graceful restart already: its End-of-RIB decides
        }
        rib.markStale(info, family);
        refreshing.add(family);
        refreshTimer = cancel(refreshTimer);
        refreshTimer = loop.schedule(this::refreshExpired, STALE_PATH_SECONDS, TimeUnit.SECONDS);
    }

    private void endRefresh(Family family) {
        if (refreshing.remove(family)) {
            rib.sweepStale(info, family);
            if (refreshing.isEmpty()) {
                refreshTimer = cancel(refreshTimer);
            }
        }
    }

    /** RFC 7313 §4: no End-of-RIB-Refresh in time; the paths not re-sent are swept anyway. */
    private void refreshExpired() {
        refreshTimer = null;
        BgpSpeaker.log().warn("peer {}: no End-of-RIB-Refresh for {}; sweeping stale paths", name(), refreshing);
        for (Family f : Set.copyOf(refreshing)) {
            endRefresh(f);
        }
    }

    private String name() {
        return spec.session().remoteAddress().getHostAddress();
    }

    /** Sends what changed since the last export, if the session is up and the peer is reading. */
    void export() {
        if (out == null || session.state() != SessionState.ESTABLISHED || !session.isWritable()) {
            return;
        }
        boolean endOfRib = false;
        for (UpdateMessage u : out.sync(rib)) {
            session.send(u);
            endOfRib |= u.endOfRibFamily() != null;
        }
        if (endOfRib) {
            endOfRibSent.run();
        }
        for (Family f : owedEndOfRefresh) {
            session.sendRouteRefresh(new RouteRefreshMessage(f, RouteRefreshMessage.END_OF_RIB_REFRESH));
        }
        owedEndOfRefresh.clear();
    }

    /** One family's routes again (RFC 2918 §4), between BoRR and EoRR if enhanced (RFC 7313 §4). */
    private void resend(Family family) {
        if (out == null) {
            return;
        }
        if (!negotiated.families().contains(family)) {
            BgpSpeaker.log().info("peer {}: ignoring ROUTE-REFRESH for {} (not negotiated)", name(), family);
            return;
        }
        if (negotiated.enhancedRouteRefresh()) {
            session.sendRouteRefresh(new RouteRefreshMessage(family, RouteRefreshMessage.BEGIN_OF_RIB_REFRESH));
            owedEndOfRefresh.add(family);
        }
        out.resend(family);
        export();
    }

    void endOfRib(Family family) {
        if (stale.remove(family)) {
            rib.sweepStale(info, family);
            if (stale.isEmpty()) {
                staleTimer = cancel(staleTimer);
            }
        }
    }

    void checkMaxPrefix() {
        if (maxPrefix != null && info != null) {
            maxPrefix.check(rib, info, session);
        }
    }

    void down(TransitionReason reason, boolean gracefulRestart) {
        out = null;
        refreshing.clear();
        owedEndOfRefresh.clear();
        refreshTimer = cancel(refreshTimer);
        if (info == null) {
            return;
        }
        staleTimer = cancel(staleTimer);
        if (gracefulRestart && negotiated != null) {
            // RFC 4724 §4.2: keep the peer's routes, marked stale, for its restart time; only the
            // families its capability lists (with or without forwarding state: it is down now).
            rib.markStale(info);
            stale.clear();
            stale.addAll(negotiated.families());
            if (negotiated.peerGracefulRestart() != null) {
                Set<Family> listed = new HashSet<>();
                negotiated.peerGracefulRestart().families().forEach(e -> listed.add(e.family()));
                for (Family f : Set.copyOf(stale)) {
                    if (!listed.contains(f)) {
                        stale.remove(f);
                        rib.sweepStale(info, f);
                    }
                }
            }
            int restart = negotiated.peerGracefulRestart() != null
                    ? negotiated.peerGracefulRestart().restartTime()
                    : 0;
            BgpSpeaker.log()
                    .info(
                            "peer {} down ({}): keeping its routes as stale for {} s (graceful restart)",
                            info.address().getHostAddress(),
                            reason,
                            restart);
            staleTimer = loop.schedule(this::sweepAllStale, restart, TimeUnit.SECONDS);
        } else {
            rib.peerDown(info);
            stale.clear();
            info = null;
        }
    }

    private void sweepAllStale() {
        staleTimer = null;
        if (info != null) {
            for (Family f : Set.copyOf(stale)) {
                rib.sweepStale(info, f);
            }
        }
        stale.clear();
    }

    PeerStatus status() {
        PeerCounters routes = info == null ? null : rib.counters(info.address()).orElse(null);
        return new PeerStatus(
                spec.session().remoteAddress(),
                spec.session().remoteAs(),
                session.state(),
                session.peerInfo(),
                session.stats(),
                routes,
                out == null ? 0 : out.advertised(Family.IPV4_UNICAST),
                out == null ? 0 : out.advertised(Family.IPV6_UNICAST),
                importEffective == null ? "not established" : importEffective.reason(),
                exportEffective == null ? "not established" : exportEffective.reason());
    }

    /** How long a session reset by an import policy change waits before connecting again. */
    static final Duration RESET_RESTART = Duration.ofSeconds(1);

    /** Shuts the peer down (removal or replacement): its routes go at once, timers stop. */
    void remove(String text) {
        session.adminShutdown(text);
        staleTimer = cancel(staleTimer);
        refreshTimer = cancel(refreshTimer);
        stale.clear();
        refreshing.clear();
        if (info != null) {
            rib.peerDown(info);
            info = null;
        }
        out = null;
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }
}
