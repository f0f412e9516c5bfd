package io.podroute.bgp.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a prefix-list entry says about the prefixes it matches: {@code permit} or {@code deny}. */
public enum PrefixAction {
    PERMIT,
    DENY;

    /** The YAML spelling: {@code permit}, {@code deny}. */
    @JsonValue
    public String label() {
        return Labels.of(this);
    }

    /** Inverse of {@link #label()}, case-insensitive. */
    @JsonCreator
    public static PrefixAction parse(String text) {
        return Labels.parse(PrefixAction.class, text);
    }
}
