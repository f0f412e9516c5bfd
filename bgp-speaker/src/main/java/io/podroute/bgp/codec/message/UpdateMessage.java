package io.podroute.bgp.codec.message;

import io.podroute.bgp.codec.attribute.As4Path;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.List;
import java.util.Objects;

/**
 * UPDATE (RFC 4271 §4.3): withdrawn IPv4 routes, path attributes, IPv4 NLRI. IPv6 (and other families)
 * travel in the MP_REACH_NLRI / MP_UNREACH_NLRI attributes (RFC 4760).
 *
 * <p>A decoded UPDATE also carries the errors found while decoding it that did not need a session
 * reset (RFC 7606). {@link #verdict()} is the most severe of their actions: with {@link
 * ErrorAction#TREAT_AS_WITHDRAW} every prefix in it, reachable or not, must be handled as withdrawn;
 * with {@link ErrorAction#ATTRIBUTE_DISCARD} the offending attributes are already gone from {@link
 * #attributes()}. Errors are never encoded.
 */
public record UpdateMessage(PrefixList withdrawn, PathAttributes attributes, PrefixList nlri, List<UpdateError> errors)
        implements BgpMessage {
    public UpdateMessage {
        Objects.requireNonNull(withdrawn, "withdrawn");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(nlri, "nlri");
        if (withdrawn.ipv6() || nlri.ipv6()) {
            throw new IllegalArgumentException("the UPDATE's own NLRI fields are IPv4; use MP_REACH/MP_UNREACH_NLRI");
        }
        errors = List.copyOf(errors);
    }

    /** An UPDATE without decoding errors. */
    public static UpdateMessage of(PrefixList withdrawn, PathAttributes attributes, PrefixList nlri) {
        return new UpdateMessage(withdrawn, attributes, nlri, List.of());
    }

    /** The End-of-RIB marker for {@code family} (RFC 4724 §2). */
    public static UpdateMessage endOfRib(Family family) {
        PathAttributes attrs = family.equals(Family.IPV4_UNICAST)
                ? PathAttributes.EMPTY
                : PathAttributes.of(MpUnreachNlri.endOfRib(family));
        return of(PrefixList.EMPTY_IPV4, attrs, PrefixList.EMPTY_IPV4);
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE;
    }

    /** The most severe RFC 7606 action over all errors, {@link ErrorAction#NONE} if there were none. */
    public ErrorAction verdict() {
        ErrorAction v = ErrorAction.NONE;
        for (UpdateError e : errors) {
            v = v.max(e.action());
        }
        return v;
    }

    public MpReachNlri mpReach() {
        return attributes.find(MpReachNlri.class);
    }

    public MpUnreachNlri mpUnreach() {
        return attributes.find(MpUnreachNlri.class);
    }

    /** True if the UPDATE announces or withdraws anything, in its own fields or in MP attributes. */
    public boolean hasNlri() {
        MpReachNlri r = mpReach();
        MpUnreachNlri u = mpUnreach();
        return !withdrawn.isEmpty()
                || !nlri.isEmpty()
                || (r != null && (r.prefixCount() > 0 || (r.opaqueNlri() != null && r.opaqueNlri().length > 0)))
                || (u != null && (u.prefixCount() > 0 || (u.opaqueNlri() != null && u.opaqueNlri().length > 0)));
    }

    /** The family whose End-of-RIB this is (RFC 4724 §2), or null if it is not an End-of-RIB marker. */
    public Family endOfRibFamily() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
            return null;
        }
        if (attributes.isEmpty()) {
            return Family.IPV4_UNICAST;
        }
        MpUnreachNlri u = mpUnreach();
        if (attributes.size() == 1
                && u != null
                && u.prefixCount() == 0
                && (u.opaqueNlri() == null || u.opaqueNlri().length == 0)) {
            return u.family();
        }
        return null;
    }

    /**
     * The AS path to use for this route: AS_PATH, merged with AS4_PATH when the peer is an OLD speaker
     * (RFC 6793 §4.2.3); AS4_PATH is ignored if AGGREGATOR is present and not AS_TRANS. Null when the
     * UPDATE has no AS_PATH.
     */
    public AsPath effectiveAsPath() {
        AsPath path = attributes.find(AsPath.class);
        As4Path as4 = attributes.find(As4Path.class);
        if (path == null || as4 == null) {
            return path;
        }
        io.podroute.bgp.codec.attribute.Aggregator agg =
                attributes.find(io.podroute.bgp.codec.attribute.Aggregator.class);
        if (agg != null && agg.asnUnsigned() != OpenMessage.AS_TRANS) {
            return path;
        }
        return AsPath.reconstruct(path, as4);
    }
}
