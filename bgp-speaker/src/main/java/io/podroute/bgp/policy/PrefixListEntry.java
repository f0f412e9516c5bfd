package io.podroute.bgp.policy;

/**
 * One line of a prefix list: a prefix ({@code "10.244.0.0/16"} or {@code "fd00:10::/48"}), optional
 * {@code ge}/{@code le} bounds on the length of the matched prefix, and {@code permit} or {@code deny}.
 *
 * <p>A prefix P matches the entry when the entry's prefix contains P and P's length lies in the range:
 * neither bound given → exactly the entry's length; {@code ge} only → {@code ge}..family bits;
 * {@code le} only → entry length..{@code le}; both → {@code ge}..{@code le}. Validation (at compile time,
 * with the field path): {@code prefix} parses and has no host bits set; {@code ge} and {@code le} are at
 * most 32 (IPv4) or 128 (IPv6); {@code ge} is greater than the prefix length; {@code le} is at least the
 * prefix length; {@code ge ≤ le}.
 *
 * @param prefix the prefix, required
 * @param ge minimum length of a matched prefix, or null
 * @param le maximum length of a matched prefix, or null
 * @param action {@code permit} (the default when null) or {@code deny}
 */
public record PrefixListEntry(String prefix, Integer ge, Integer le, PrefixAction action) {
    public PrefixListEntry {
        action = action == null ? PrefixAction.PERMIT : action;
    }

    /** A permit entry. */
    public static PrefixListEntry permit(String prefix, Integer ge, Integer le) {
        return new PrefixListEntry(prefix, ge, le, PrefixAction.PERMIT);
    }

    /** A deny entry. */
    public static PrefixListEntry deny(String prefix, Integer ge, Integer le) {
        return new PrefixListEntry(prefix, ge, le, PrefixAction.DENY);
    }
}
