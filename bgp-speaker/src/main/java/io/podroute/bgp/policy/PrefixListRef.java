package io.podroute.bgp.policy;

import java.util.List;

/**
 * The prefix list a term matches: either {@code name} of a list under the top-level
 * {@code prefixLists}, or inline {@code entries} — exactly one of the two. The condition holds when the
 * first entry that matches the route's prefix is a {@code permit}; no matching entry means no match (the
 * implicit deny at the end of every prefix list).
 *
 * @param name a list under {@code prefixLists}, or null
 * @param entries inline entries, or null/empty
 */
public record PrefixListRef(String name, List<PrefixListEntry> entries) {
    public PrefixListRef {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public static PrefixListRef named(String name) {
        return new PrefixListRef(name, null);
    }

    public static PrefixListRef inline(List<PrefixListEntry> entries) {
        return new PrefixListRef(null, entries);
    }
}
