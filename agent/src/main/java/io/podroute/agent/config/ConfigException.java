package io.podroute.agent.config;

import java.util.List;

/**
 * A configuration that cannot be used: one or more errors, each {@code path: reason} with the path
 * spelled as in the YAML ({@code peers[1].asn: 0 is not a valid AS number}).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    /** Every error, in the order of the file. */
    public List<String> errors() {
        return errors;
    }
}
