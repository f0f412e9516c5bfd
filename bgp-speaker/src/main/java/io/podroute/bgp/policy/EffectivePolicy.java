package io.podroute.bgp.policy;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Objects;

/**
 * The policy a session really applies in one direction, with where it came from and a reason the
 * status CLI shows, e.g. {@code "RFC 8212: eBGP peer without import policy"}. Delegates
 * {@link #apply} to {@link #policy()}. A value: equal when policy, source and reason are equal.
 *
 * @param policy the policy to apply
 * @param source configured, the RFC 8212 default deny, or the accept-all default
 * @param reason a one-line explanation for status output
 */
public record EffectivePolicy(RoutePolicy policy, Source source, String reason) implements RoutePolicy {
    /** Where an effective policy came from. */
    public enum Source {
        /** The operator configured this policy for the peer. */
        CONFIGURED,
        /** None configured on an eBGP session: nothing is sent or accepted (RFC 8212). */
        RFC8212_DENY,
        /** None configured on an iBGP or local session: everything is accepted. */
        DEFAULT_ACCEPT
    }

    public EffectivePolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public PathAttributes apply(Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        return policy.apply(prefix, attributes, peer);
    }

    @Override
    public String explainRejection(Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        return source == Source.RFC8212_DENY ? reason : policy.explainRejection(prefix, attributes, peer);
    }

    /** True when this policy rejects every route because of RFC 8212. */
    public boolean isRfc8212Deny() {
        return source == Source.RFC8212_DENY;
    }
}
