package io.podroute.bgp.policy;

/**
 * A policy or max-prefix configuration that cannot be used. The message is {@code path + ": " + reason},
 * where the path names the offending field the way the YAML config spells it, e.g.
 * {@code policies.tor-in.terms[2].match.prefixList.entries[0].le: 33 exceeds 32 for an IPv4 prefix}.
 */
public final class PolicyConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public PolicyConfigException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public PolicyConfigException(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** The field path, e.g. {@code policies.tor-in.terms[2].match.prefixList.entries[0].le}. */
    public String path() {
        return path;
    }

    /** Why the value was refused, without the path. */
    public String reason() {
        return reason;
    }
}
