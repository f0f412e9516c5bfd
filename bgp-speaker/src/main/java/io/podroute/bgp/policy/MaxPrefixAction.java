package io.podroute.bgp.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the session does when a peer exceeds its prefix limit: {@code teardown} or {@code warn-only}. */
public enum MaxPrefixAction {
    /** Send Cease / Maximum Number of Prefixes Reached, close, and reconnect after the restart interval. */
    TEARDOWN,
    /** Log and count, keep the session and the routes. */
    WARN_ONLY;

    /** The YAML spelling: {@code teardown}, {@code warn-only}. */
    @JsonValue
    public String label() {
        return Labels.of(this);
    }

    /** Inverse of {@link #label()}, case-insensitive. */
    @JsonCreator
    public static MaxPrefixAction parse(String text) {
        return Labels.parse(MaxPrefixAction.class, text);
    }
}
