package io.podroute.bgp.speaker;

import io.netty.channel.EventLoop;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.EffectivePolicy;
import io.podroute.bgp.policy.MaxPrefixStatus;
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
 * time runs out after it is back without End-of-RIB.
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
    private final MaxPrefixTracker maxPrefix;
    private final Set<Family> stale = new HashSet<>();
    private ScheduledFuture<?> staleTimer;

    PeerLink(SpeakerPeer spec, SpeakerConfig speaker, Rib rib, EventLoop loop) {
        this.spec = spec;
        this.speaker = speaker;
        this.rib = rib;
        this.loop = loop;
        this.maxPrefix = spec.maxPrefix() == null ? null : new MaxPrefixTracker(spec.maxPrefix());
    }

    void established(PeerInfo peer, NegotiatedSession n) {
        info = peer;
        negotiated = n;
        importEffective = Policies.effectiveImport(peer, spec.importPolicy());
        exportEffective = Policies.effectiveExport(peer, spec.exportPolicy());
        importPolicy = importEffective;
        if (importEffective.isRfc8212Deny() || exportEffective.isRfc8212Deny()) {
            BgpSpeaker.log()
                    .warn(
                            "peer {}: {}; {}",
                            peer.address().getHostAddress(),
                            importEffective.reason(),
                            exportEffective.reason());
        }
        out = new AdjRibOut(new ExportConfig(
                peer,
                n.sendContext(),
                speaker.localIpv4(),
                speaker.localIpv6(),
                spec.nextHopSelf(),
                exportEffective,
                n.families()));
        if (maxPrefix != null) {
            maxPrefix.reset();
        }
        if (!stale.isEmpty()) {
            // Back after a graceful restart: stale paths wait for End-of-RIB, but not for ever.
            staleTimer = cancel(staleTimer);
            staleTimer = loop.schedule(this::sweepAllStale, STALE_PATH_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Sends what changed since the last export, if the session is up and the peer is reading. */
    void export() {
        if (out == null || session.state() != SessionState.ESTABLISHED || !session.isWritable()) {
            return;
        }
        for (UpdateMessage u : out.sync(rib)) {
            session.send(u);
        }
    }

    /** A ROUTE-REFRESH: everything again (RFC 2918 §4). */
    void resendAll() {
        if (out != null) {
            out.reset();
            export();
        }
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
        if (maxPrefix == null || info == null) {
            return;
        }
        PeerCounters c = rib.counters(info.address()).orElse(null);
        if (c == null) {
            return;
        }
        check(Family.IPV4_UNICAST, c.acceptedV4());
        check(Family.IPV6_UNICAST, c.acceptedV6());
    }

    private void check(Family family, long accepted) {
        MaxPrefixStatus s = maxPrefix.check(family, accepted);
        String peer = info.address().getHostAddress();
        if (s == MaxPrefixStatus.WARNING) {
            BgpSpeaker.log()
                    .warn(
                            "peer {}: {} {} prefixes accepted, at the warning threshold of the limit {}",
                            peer,
                            accepted,
                            family,
                            maxPrefix.config().limit());
        } else if (s == MaxPrefixStatus.EXCEEDED) {
            if (maxPrefix.tearDown()) {
                BgpSpeaker.log()
                        .warn(
                                "peer {}: {} {} prefixes exceed the limit {}; sending Cease 6/1 and restarting in {}",
                                peer,
                                accepted,
                                family,
                                maxPrefix.config().limit(),
                                maxPrefix.config().restartInterval());
                session.reset(maxPrefix.notification(family), maxPrefix.config().restartInterval());
            } else {
                BgpSpeaker.log()
                        .warn(
                                "peer {}: {} {} prefixes exceed the limit {} (warn only)",
                                peer,
                                accepted,
                                family,
                                maxPrefix.config().limit());
            }
        }
    }

    void down(TransitionReason reason, boolean gracefulRestart) {
        out = null;
        if (info == null) {
            return;
        }
        staleTimer = cancel(staleTimer);
        if (gracefulRestart && negotiated != null) {
            // RFC 4724 §4.2: keep the peer's routes, marked stale, for its restart time.
            rib.markStale(info);
            stale.clear();
            stale.addAll(negotiated.families());
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

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }
}
