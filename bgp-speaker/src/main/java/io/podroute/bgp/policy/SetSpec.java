package io.podroute.bgp.policy;

import java.util.List;

/**
 * The attribute changes of an accepting term, applied in this order: local-pref, MED, remove
 * communities, add communities, remove large communities, add large communities, prepend. A change
 * that changes nothing (setting the value already there, adding a community already present, removing
 * one that is absent) leaves the attributes object untouched, so that the RIB's interning keeps working.
 *
 * @param localPref set LOCAL_PREF (unsigned 32-bit), or null
 * @param med set MULTI_EXIT_DISC (unsigned 32-bit), or null
 * @param addCommunities append these communities unless present
 * @param removeCommunities remove these communities; COMMUNITIES disappears when it becomes empty
 * @param addLargeCommunities append these large communities unless present
 * @param removeLargeCommunities remove these large communities
 * @param prependAs prepend the session's local AS this many times (1..32), or null
 */
public record SetSpec(
        Long localPref,
        Long med,
        List<String> addCommunities,
        List<String> removeCommunities,
        List<String> addLargeCommunities,
        List<String> removeLargeCommunities,
        Integer prependAs) {
    /** No change. */
    public static final SetSpec NONE = new SetSpec(null, null, null, null, null, null, null);

    public SetSpec {
        addCommunities = addCommunities == null ? List.of() : List.copyOf(addCommunities);
        removeCommunities = removeCommunities == null ? List.of() : List.copyOf(removeCommunities);
        addLargeCommunities = addLargeCommunities == null ? List.of() : List.copyOf(addLargeCommunities);
        removeLargeCommunities = removeLargeCommunities == null ? List.of() : List.copyOf(removeLargeCommunities);
    }

    /** True when this changes nothing. */
    public boolean changesNothing() {
        return equals(NONE);
    }
}
