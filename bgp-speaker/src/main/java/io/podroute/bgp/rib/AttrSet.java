package io.podroute.bgp.rib;

import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.ClusterList;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.OriginatorId;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.PrefixList;

/**
 * One interned attribute set (without NEXT_HOP, MP_REACH_NLRI and MP_UNREACH_NLRI) with the values the
 * decision process reads, computed once when the set is interned. {@code refs} counts the paths (and
 * transient holders) that use it; {@link AttrTable} frees it at zero. Mutable only through the table.
 */
final class AttrSet {
    /** No ORIGINATOR_ID, or no neighbour AS (empty path): compared as described at each use. */
    static final long ABSENT = -1;

    final int id;
    final PathAttributes attributes;
    /** LOCAL_PREF (unsigned), or the configured default when absent. */
    final long localPref;
    /** RFC 4271 §9.1.2.2 a: AS_SET counts 1, confederation segments 0 (effective path, RFC 6793). */
    final int asPathLength;
    /** 0 IGP, 1 EGP, 2 INCOMPLETE; a missing ORIGIN ranks worst (3). */
    final int origin;
    /** MULTI_EXIT_DISC (unsigned); a missing MED is 0 (RFC 4271 §9.1.2.2 c). */
    final long med;
    /** The first AS of the effective path's leading AS_SEQUENCE, or {@link #ABSENT} (our own AS). */
    final long neighbourAs;
    /** ORIGINATOR_ID (unsigned), or {@link #ABSENT}. */
    final long originatorId;

    final int clusterListLength;
    int refs;

    AttrSet(int id, PathAttributes attributes, long defaultLocalPref) {
        this.id = id;
        this.attributes = attributes;
        LocalPref lp = attributes.find(LocalPref.class);
        localPref = lp == null ? defaultLocalPref : lp.value() & 0xFFFF_FFFFL;
        AsPath path = effectivePath(attributes);
        asPathLength = path == null ? 0 : path.pathLength();
        long first = path == null ? -1 : path.firstAs();
        neighbourAs = first < 0 ? ABSENT : first;
        Origin o = attributes.find(Origin.class);
        origin = o == null ? 3 : o.value();
        MultiExitDisc m = attributes.find(MultiExitDisc.class);
        med = m == null ? 0 : m.value() & 0xFFFF_FFFFL;
        OriginatorId orig = attributes.find(OriginatorId.class);
        originatorId = orig == null ? ABSENT : orig.id() & 0xFFFF_FFFFL;
        ClusterList cl = attributes.find(ClusterList.class);
        clusterListLength = cl == null ? 0 : cl.size();
    }

    /** AS_PATH merged with AS4_PATH as {@link UpdateMessage#effectiveAsPath()} does. */
    static AsPath effectivePath(PathAttributes attributes) {
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attributes, PrefixList.EMPTY_IPV4)
                .effectiveAsPath();
    }

    @Override
    public String toString() {
        return "AttrSet#" + id + "(refs " + refs + ") " + attributes;
    }
}
