package io.podroute.bgp.policy;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import java.util.Objects;

/**
 * The policy a session applies when the operator did or did not configure one, per RFC 8212 §2: on an
 * eBGP session without an explicit import (export) policy no route is accepted (advertised); on iBGP
 * and for locally originated routes everything is, when nothing is configured.
 *
 * <p><b>Import policy changes (for the session).</b> Keep the {@link EffectivePolicy} computed for each
 * peer when it reached Established. On a config reload compute the new one with
 * {@link #effectiveImport} and compare with {@link #changed}. If it changed and the peer negotiated
 * route refresh (RFC 2918), install the new policy and send ROUTE-REFRESH for each negotiated family;
 * the peer's re-sent UPDATEs pass the new policy and replace the Adj-RIB-In entries (routes the new
 * policy rejects are withdrawn from it, since the re-sent UPDATE is then filtered out). A peer without
 * route refresh gets a Cease / Other Configuration Change (RFC 4486) reset instead. An export policy
 * change needs no message from the peer: re-run Adj-RIB-Out against the Loc-RIB and send the
 * difference. Equal policies (same resolved terms) are not a change, so reloading an unchanged config
 * sends nothing.
 */
public final class Policies {
    /** Reason shown for an eBGP peer without import policy. */
    public static final String RFC8212_IMPORT = "RFC 8212: eBGP peer without import policy";
    /** Reason shown for an eBGP peer without export policy. */
    public static final String RFC8212_EXPORT = "RFC 8212: eBGP peer without export policy";

    private Policies() {}

    /** The import policy to apply to routes from {@code peer}; {@code configured} may be null. */
    public static EffectivePolicy effectiveImport(PeerInfo peer, RoutePolicy configured) {
        return effective(peer, configured, "import", RFC8212_IMPORT);
    }

    /** The export policy to apply to routes sent to {@code peer}; {@code configured} may be null. */
    public static EffectivePolicy effectiveExport(PeerInfo peer, RoutePolicy configured) {
        return effective(peer, configured, "export", RFC8212_EXPORT);
    }

    private static EffectivePolicy effective(PeerInfo peer, RoutePolicy configured, String direction, String deny) {
        Objects.requireNonNull(peer, "peer");
        if (configured instanceof EffectivePolicy e) {
            return e;
        }
        if (configured != null) {
            String label = configured instanceof CompiledPolicy p ? " " + p.name() : "";
            return new EffectivePolicy(
                    configured, EffectivePolicy.Source.CONFIGURED, "configured " + direction + " policy" + label);
        }
        if (peer.isEbgp()) {
            return new EffectivePolicy(RoutePolicy.REJECT_ALL, EffectivePolicy.Source.RFC8212_DENY, deny);
        }
        String who = peer.isIbgp() ? "iBGP peer" : "local routes";
        return new EffectivePolicy(
                RoutePolicy.ACCEPT_ALL,
                EffectivePolicy.Source.DEFAULT_ACCEPT,
                "no " + direction + " policy: accept all (" + who + ")");
    }

    /**
     * True when a session must act on a policy change: the policies differ as values. Either may be
     * null (no policy). {@link CompiledPolicy} compares by resolved terms (its name does not count);
     * an {@link EffectivePolicy} is compared by the policy it wraps, not by its reason text.
     */
    public static boolean changed(RoutePolicy before, RoutePolicy after) {
        return !Objects.equals(unwrap(before), unwrap(after));
    }

    private static RoutePolicy unwrap(RoutePolicy p) {
        return p instanceof EffectivePolicy e ? e.policy() : p;
    }
}
