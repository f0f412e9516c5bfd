package io.podroute.bgp.policy;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.AsPathSegment;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One compiled attribute change. Returns {@code attributes} itself when it changes nothing, so that a
 * term whose changes are all no-ops hands the RIB back the interned instance.
 */
@FunctionalInterface
interface Action {
    PathAttributes apply(PathAttributes attributes, PeerInfo peer);

    static Action localPref(int value) {
        return (attributes, peer) -> {
            LocalPref p = attributes.find(LocalPref.class);
            return p != null && p.value() == value ? attributes : attributes.with(new LocalPref(value));
        };
    }

    static Action med(int value) {
        return (attributes, peer) -> {
            MultiExitDisc m = attributes.find(MultiExitDisc.class);
            return m != null && m.value() == value ? attributes : attributes.with(new MultiExitDisc(value));
        };
    }

    static Action addCommunities(int[] values) {
        return (attributes, peer) -> {
            Communities c = attributes.find(Communities.class);
            int[] have = c == null ? new int[0] : c.values();
            int[] out = Arrays.copyOf(have, have.length + values.length);
            int n = have.length;
            for (int v : values) {
                if (!contains(out, n, v)) {
                    out[n++] = v;
                }
            }
            return n == have.length ? attributes : attributes.with(new Communities(Arrays.copyOf(out, n)));
        };
    }

    static Action removeCommunities(int[] values) {
        return (attributes, peer) -> {
            Communities c = attributes.find(Communities.class);
            if (c == null) {
                return attributes;
            }
            int[] have = c.values();
            int[] out = new int[have.length];
            int n = 0;
            for (int v : have) {
                if (!contains(values, values.length, v)) {
                    out[n++] = v;
                }
            }
            if (n == have.length) {
                return attributes;
            }
            return n == 0
                    ? attributes.without(PathAttribute.COMMUNITIES)
                    : attributes.with(new Communities(Arrays.copyOf(out, n)));
        };
    }

    static Action addLargeCommunities(int[] flat) {
        return (attributes, peer) -> {
            LargeCommunities c = attributes.find(LargeCommunities.class);
            int[] have = c == null ? new int[0] : c.values();
            int[] out = Arrays.copyOf(have, have.length + flat.length);
            int n = have.length;
            for (int i = 0; i < flat.length; i += 3) {
                if (!containsTriple(out, n, flat[i], flat[i + 1], flat[i + 2])) {
                    out[n++] = flat[i];
                    out[n++] = flat[i + 1];
                    out[n++] = flat[i + 2];
                }
            }
            return n == have.length ? attributes : attributes.with(new LargeCommunities(Arrays.copyOf(out, n)));
        };
    }

    static Action removeLargeCommunities(int[] flat) {
        return (attributes, peer) -> {
            LargeCommunities c = attributes.find(LargeCommunities.class);
            if (c == null) {
                return attributes;
            }
            int[] have = c.values();
            int[] out = new int[have.length];
            int n = 0;
            for (int i = 0; i + 2 < have.length; i += 3) {
                if (!containsTriple(flat, flat.length, have[i], have[i + 1], have[i + 2])) {
                    out[n++] = have[i];
                    out[n++] = have[i + 1];
                    out[n++] = have[i + 2];
                }
            }
            if (n == have.length) {
                return attributes;
            }
            return n == 0
                    ? attributes.without(PathAttribute.LARGE_COMMUNITY)
                    : attributes.with(new LargeCommunities(Arrays.copyOf(out, n)));
        };
    }

    /**
     * Prepends the session's local AS {@code times} times: into the leading AS_SEQUENCE while it has
     * room (255 ASNs per segment), else as new leading AS_SEQUENCE segments.
     */
    static Action prepend(int times) {
        return (attributes, peer) -> {
            AsPath path = Condition.asPath(attributes);
            int asn = (int) peer.localAs();
            List<AsPathSegment> segments = new ArrayList<>(path.segments());
            int left = times;
            if (!segments.isEmpty() && segments.get(0).type() == AsPathSegment.Type.AS_SEQUENCE) {
                int[] head = segments.get(0).asns();
                int add = Math.min(left, 255 - head.length);
                if (add > 0) {
                    int[] grown = new int[head.length + add];
                    Arrays.fill(grown, 0, add, asn);
                    System.arraycopy(head, 0, grown, add, head.length);
                    segments.set(0, AsPathSegment.sequence(grown));
                    left -= add;
                }
            }
            if (left > 0) {
                int[] fresh = new int[left];
                Arrays.fill(fresh, asn);
                segments.add(0, AsPathSegment.sequence(fresh));
            }
            return attributes.with(new AsPath(segments));
        };
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsTriple(int[] a, int n, int x, int y, int z) {
        for (int i = 0; i + 2 < n; i += 3) {
            if (a[i] == x && a[i + 1] == y && a[i + 2] == z) {
                return true;
            }
        }
        return false;
    }
}
