package io.podroute.bgp.policy;

import java.util.List;

/**
 * The conditions of a term; every condition given must hold (logical AND), and a term with no
 * conditions matches every route. To express OR, write several terms.
 *
 * @param prefixList the route's prefix must be permitted by this list, or null
 * @param asPathLengthMin AS_PATH length (RFC 4271 §9.1.2.2 a: a set counts 1) at least this, or null
 * @param asPathLengthMax AS_PATH length at most this, or null
 * @param asPathContains this ASN appears anywhere in AS_PATH, or null
 * @param neighborAs the first AS of AS_PATH (the neighbour AS) is this ASN, or null
 * @param communities every one of these RFC 1997 communities is present ({@code "65000:100"} or a
 *     well-known name: {@code no-export}, {@code no-advertise}, {@code no-export-subconfed},
 *     {@code blackhole}, {@code graceful-shutdown})
 * @param largeCommunities every one of these RFC 8092 large communities ({@code "a:b:c"}) is present
 */
public record MatchSpec(
        PrefixListRef prefixList,
        Integer asPathLengthMin,
        Integer asPathLengthMax,
        Long asPathContains,
        Long neighborAs,
        List<String> communities,
        List<String> largeCommunities) {
    /** Matches every route. */
    public static final MatchSpec ANY = new MatchSpec(null, null, null, null, null, null, null);

    public MatchSpec {
        communities = communities == null ? List.of() : List.copyOf(communities);
        largeCommunities = largeCommunities == null ? List.of() : List.copyOf(largeCommunities);
    }

    /** Only a prefix-list condition. */
    public static MatchSpec prefixList(PrefixListRef prefixList) {
        return new MatchSpec(prefixList, null, null, null, null, null, null);
    }
}
