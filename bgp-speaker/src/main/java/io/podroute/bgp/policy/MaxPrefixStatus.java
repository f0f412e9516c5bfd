package io.podroute.bgp.policy;

/** What {@link MaxPrefixTracker#check} reports. */
public enum MaxPrefixStatus {
    /** Nothing new: below the threshold, or a crossing already reported. */
    OK,
    /** The count has just reached the warning threshold (reported once per crossing). */
    WARNING,
    /** The count has just gone above the limit (reported once per crossing): act per the config. */
    EXCEEDED
}
