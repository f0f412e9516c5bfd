package io.podroute.bgp.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a policy term, or a policy's default, does with a route: {@code accept} or {@code reject}. */
public enum Verdict {
    ACCEPT,
    REJECT;

    /** The YAML spelling: {@code accept}, {@code reject}. */
    @JsonValue
    public String label() {
        return Labels.of(this);
    }

    /** Inverse of {@link #label()}, case-insensitive. */
    @JsonCreator
    public static Verdict parse(String text) {
        return Labels.parse(Verdict.class, text);
    }
}
