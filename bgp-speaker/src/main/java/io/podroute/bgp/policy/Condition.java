package io.podroute.bgp.policy;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;

/** One compiled match condition of a term. Pure; allocates nothing. */
@FunctionalInterface
interface Condition {
    boolean test(Prefix prefix, PathAttributes attributes, PeerInfo peer);

    static Condition prefixList(PrefixMatcher matcher) {
        return (prefix, attributes, peer) -> matcher.permits(prefix);
    }

    static Condition asPathLength(int min, int max) {
        return (prefix, attributes, peer) -> {
            int n = asPath(attributes).pathLength();
            return n >= min && n <= max;
        };
    }

    static Condition asPathContains(long asn) {
        return (prefix, attributes, peer) -> asPath(attributes).contains(asn);
    }

    static Condition neighborAs(long asn) {
        return (prefix, attributes, peer) -> asPath(attributes).firstAs() == asn;
    }

    /** Every one of {@code values} is in COMMUNITIES. */
    static Condition communities(int[] values) {
        return (prefix, attributes, peer) -> {
            Communities c = attributes.find(Communities.class);
            if (c == null) {
                return false;
            }
            for (int v : values) {
                if (!hasCommunity(c, v)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Every triple of {@code flat} (three ints each) is in LARGE_COMMUNITY. */
    static Condition largeCommunities(int[] flat) {
        return (prefix, attributes, peer) -> {
            LargeCommunities c = attributes.find(LargeCommunities.class);
            if (c == null) {
                return false;
            }
            for (int i = 0; i < flat.length; i += 3) {
                if (!hasLarge(c, flat[i], flat[i + 1], flat[i + 2])) {
                    return false;
                }
            }
            return true;
        };
    }

    /** AS_PATH, or the empty path for a route without one (locally originated). */
    static AsPath asPath(PathAttributes attributes) {
        AsPath p = attributes.find(AsPath.class);
        return p == null ? AsPath.EMPTY : p;
    }

    static boolean hasCommunity(Communities c, int value) {
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i) == value) {
                return true;
            }
        }
        return false;
    }

    static boolean hasLarge(LargeCommunities c, int a, int b, int d) {
        for (int i = 0; i + 2 < c.size(); i += 3) {
            if (c.get(i) == a && c.get(i + 1) == b && c.get(i + 2) == d) {
                return true;
            }
        }
        return false;
    }
}
