package io.podroute.bgp.exabgp;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.policy.EffectivePolicy;
import io.podroute.bgp.policy.Policies;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.SessionStats;
import io.podroute.bgp.session.TransitionReason;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One configured neighbour of the ExaBGP speaker, as podroute sees it through ExaBGP's JSON: session
 * state and counters, the peer as learned at Established, the policies in force, graceful-restart
 * staleness, and what ExaBGP was told to advertise to it.
 *
 * <p>Invariants: used only on the speaker's thread. {@code info} is set from {@code up} until the
 * peer's routes are gone (through a graceful restart it stays set while they are stale). {@code
 * advertised} mirrors ExaBGP's Adj-RIB-Out for this neighbour: the static routes of the configuration
 * it was started with, then every announce/withdraw command sent; ExaBGP keeps it across session flaps,
 * so it is only reset when a new ExaBGP process starts.
 */
final class ExaPeer {
    final SpeakerPeer spec;
    final long localAs;
    /** The peer as the export policy sees it (known from the configuration; router id 0). */
    final PeerInfo exportInfo;

    final EffectivePolicy exportPolicy;
    final Map<Prefix, String> advertised = new HashMap<>();
    final Set<Family> stale = new HashSet<>();
    ScheduledFuture<?> staleTimer;
    /** Stale because our ExaBGP exited (not the peer): the peer's F bit says nothing about that. */
    boolean localRestart;

    SessionState state = SessionState.IDLE;
    ExaBgpEvent.Open open;
    PeerInfo info;
    EffectivePolicy importPolicy;
    boolean notified;
    private long messagesIn;
    private long updatesIn;
    private long establishedTransitions;
    private long flaps;
    private NotificationMessage lastNotificationReceived;
    private Instant establishedAt;
    private TransitionReason lastDownReason;

    ExaPeer(SpeakerPeer spec, long speakerAs) {
        this.spec = spec;
        this.localAs = spec.session().localAs() != 0 ? spec.session().localAs() : speakerAs;
        PeerType type = spec.session().remoteAs() == localAs ? PeerType.IBGP : PeerType.EBGP;
        this.exportInfo = new PeerInfo(
                address(),
                spec.session().remoteAs(),
                localAs,
                0,
                type,
                spec.session().routeReflectorClient());
        this.exportPolicy = Policies.effectiveExport(exportInfo, spec.exportPolicy());
    }

    InetAddress address() {
        return spec.session().remoteAddress();
    }

    String name() {
        return Prefix.formatAddress(address().getAddress()); // RFC 5952, as ExaBGP prints it
    }

    boolean ibgp() {
        return exportInfo.isIbgp();
    }

    /** Established: the peer's identity from its OPEN (router id 0 if ExaBGP did not show it). */
    PeerInfo established(Instant now) {
        int routerId = open == null ? 0 : open.routerId();
        info = new PeerInfo(
                address(),
                exportInfo.remoteAs(),
                localAs,
                routerId,
                exportInfo.type(),
                exportInfo.routeReflectorClient());
        importPolicy = Policies.effectiveImport(info, spec.importPolicy());
        state = SessionState.ESTABLISHED;
        establishedTransitions++;
        establishedAt = now;
        notified = false;
        return info;
    }

    /** Left Established or never got there; returns whether it was Established. */
    boolean down(String reason) {
        boolean wasUp = state == SessionState.ESTABLISHED;
        if (wasUp) {
            flaps++;
        }
        state = SessionState.IDLE;
        establishedAt = null;
        lastDownReason = reason(reason);
        return wasUp;
    }

    /** ExaBGP names why a session ended only in text; this is the closest typed reason. */
    private static TransitionReason reason(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("notification received")) {
            return TransitionReason.NOTIFICATION_RECEIVED;
        }
        if (t.contains("notification sent")) {
            return TransitionReason.LOCAL_RESET;
        }
        if (t.contains("shutting down") || t.startsWith("stop")) {
            return TransitionReason.ADMIN_SHUTDOWN;
        }
        if (t.contains("hold timer")) {
            return TransitionReason.HOLD_TIMER_EXPIRED;
        }
        return TransitionReason.TCP_CLOSED;
    }

    /**
     * RFC 4724 §4.2: keep the routes when both sides advertised graceful restart and the session ended
     * without a NOTIFICATION (ExaBGP reports a NOTIFICATION it sent only in the reason text).
     */
    boolean gracefulRestartApplies(String reason) {
        return spec.session().gracefulRestart()
                && open != null
                && open.restartTime() >= 0
                && !notified
                && !reason.toLowerCase(Locale.ROOT).contains("notification");
    }

    /** How long stale paths are kept: the restart time in the peer's OPEN, else our own. */
    int restartTime() {
        return open != null && open.restartTime() >= 0
                ? open.restartTime()
                : spec.session().restartTime();
    }

    void messageIn(boolean update) {
        messagesIn++;
        if (update) {
            updatesIn++;
        }
    }

    void notificationReceived(int code, int subcode) {
        messagesIn++;
        notified = true;
        lastNotificationReceived = new NotificationMessage(code, subcode, new byte[0]);
    }

    PeerStatus status(PeerCounters routes, Instant now) {
        SessionStats stats = new SessionStats(
                state,
                messagesIn,
                0,
                updatesIn,
                0,
                establishedTransitions,
                flaps,
                null,
                lastNotificationReceived,
                establishedAt == null ? null : Duration.between(establishedAt, now),
                lastDownReason);
        int v4 = 0;
        int v6 = 0;
        if (state == SessionState.ESTABLISHED) {
            for (Prefix p : advertised.keySet()) {
                if (p.ipv6()) {
                    v6++;
                } else {
                    v4++;
                }
            }
        }
        return new PeerStatus(
                address(),
                spec.session().remoteAs(),
                state,
                info,
                stats,
                routes,
                v4,
                v6,
                importPolicy == null ? "not established" : importPolicy.reason(),
                exportPolicy.reason());
    }
}
