package io.podroute.bgp.policy;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled prefix list: one binary trie per family over the bits of the entries' prefixes, each
 * node holding the indexes of the entries whose prefix ends there. A lookup walks the trie along the
 * bits of the route's prefix (at most 33 or 129 nodes) and keeps the lowest-indexed entry whose length
 * range admits the prefix, so the first matching entry wins as in the list. Nodes remember the lowest
 * entry index below them, which stops the walk once nothing deeper can beat the match in hand. A
 * lookup allocates nothing. Immutable after construction; safe to share between threads.
 */
final class PrefixMatcher {
    private static final int NONE = Integer.MAX_VALUE;
    private static final int[] NO_ENTRIES = new int[0];

    private final Node v4 = new Node();
    private final Node v6 = new Node();
    private final int[] minLen;
    private final int[] maxLen;
    private final boolean[] permit;

    private static final class Node {
        Node zero;
        Node one;
        int[] entries = NO_ENTRIES;
        int subtreeMin = NONE;
    }

    private PrefixMatcher(int n) {
        minLen = new int[n];
        maxLen = new int[n];
        permit = new boolean[n];
    }

    /**
     * Validates and compiles {@code entries}; {@code path} names the list, entry {@code i} is
     * {@code path[i]}.
     *
     * @throws PolicyConfigException naming the first invalid field
     */
    static PrefixMatcher compile(List<PrefixListEntry> entries, String path) {
        PrefixMatcher m = new PrefixMatcher(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String at = path + "[" + i + "]";
            PrefixListEntry e = entries.get(i);
            if (e == null) {
                throw new PolicyConfigException(at, "empty entry");
            }
            Prefix p = parsePrefix(e.prefix(), at + ".prefix");
            int[] range = range(p, e.ge(), e.le(), at);
            m.minLen[i] = range[0];
            m.maxLen[i] = range[1];
            m.permit[i] = e.action() == PrefixAction.PERMIT;
            m.insert(p, i);
        }
        return m;
    }

    /** Parses a prefix written in config, refusing host bits beyond the length. */
    static Prefix parsePrefix(String text, String path) {
        if (text == null || text.isBlank()) {
            throw new PolicyConfigException(path, "required");
        }
        Prefix p;
        Prefix host;
        try {
            p = Prefix.parse(text);
            int slash = text.indexOf('/');
            host = Prefix.parse(slash < 0 ? text : text.substring(0, slash));
        } catch (IllegalArgumentException ex) {
            throw new PolicyConfigException(path, ex.getMessage(), ex);
        }
        if (host.hi() != p.hi() || host.lo() != p.lo()) {
            throw new PolicyConfigException(
                    path,
                    "'" + text.trim() + "' has host bits set beyond /" + p.length() + "; did you mean " + p + "?");
        }
        return p;
    }

    /** The admitted length range {min, max} of an entry, validating ge/le. */
    private static int[] range(Prefix p, Integer ge, Integer le, String at) {
        int bits = p.ipv6() ? 128 : 32;
        String family = p.ipv6() ? "IPv6" : "IPv4";
        if (ge != null) {
            if (ge < 0) {
                throw new PolicyConfigException(at + ".ge", ge + " is negative");
            }
            if (ge > bits) {
                throw new PolicyConfigException(at + ".ge", ge + " exceeds " + bits + " for an " + family + " prefix");
            }
            if (ge <= p.length()) {
                throw new PolicyConfigException(
                        at + ".ge",
                        ge + " must be greater than the prefix length " + p.length()
                                + " (leave ge out to start at the prefix length)");
            }
        }
        if (le != null) {
            if (le < 0) {
                throw new PolicyConfigException(at + ".le", le + " is negative");
            }
            if (le > bits) {
                throw new PolicyConfigException(at + ".le", le + " exceeds " + bits + " for an " + family + " prefix");
            }
            if (le < p.length()) {
                throw new PolicyConfigException(at + ".le", le + " is less than the prefix length " + p.length());
            }
            if (ge != null && le < ge) {
                throw new PolicyConfigException(at + ".le", le + " is less than ge " + ge);
            }
        }
        if (ge == null && le == null) {
            return new int[] {p.length(), p.length()};
        }
        return new int[] {ge != null ? ge : p.length(), le != null ? le : bits};
    }

    private void insert(Prefix p, int index) {
        Node n = p.ipv6() ? v6 : v4;
        for (int depth = 0; ; depth++) {
            n.subtreeMin = Math.min(n.subtreeMin, index);
            if (depth == p.length()) {
                int[] grown = Arrays.copyOf(n.entries, n.entries.length + 1);
                grown[n.entries.length] = index;
                n.entries = grown;
                return;
            }
            if (bit(p, depth) == 0) {
                if (n.zero == null) {
                    n.zero = new Node();
                }
                n = n.zero;
            } else {
                if (n.one == null) {
                    n.one = new Node();
                }
                n = n.one;
            }
        }
    }

    /** The index of the first entry that matches {@code p}, or -1. Allocates nothing. */
    int firstMatch(Prefix p) {
        Node n = p.ipv6() ? v6 : v4;
        int len = p.length();
        int best = NONE;
        for (int depth = 0; n != null && n.subtreeMin < best; depth++) {
            for (int e : n.entries) {
                if (e >= best) {
                    break;
                }
                if (len >= minLen[e] && len <= maxLen[e]) {
                    best = e;
                    break;
                }
            }
            if (depth == len) {
                break;
            }
            n = bit(p, depth) == 0 ? n.zero : n.one;
        }
        return best == NONE ? -1 : best;
    }

    /** True if the first entry matching {@code p} is a permit (no match: the implicit deny). */
    boolean permits(Prefix p) {
        int i = firstMatch(p);
        return i >= 0 && permit[i];
    }

    private static int bit(Prefix p, int depth) {
        if (!p.ipv6()) {
            return (int) (p.hi() >>> (31 - depth)) & 1;
        }
        return depth < 64 ? (int) (p.hi() >>> (63 - depth)) & 1 : (int) (p.lo() >>> (127 - depth)) & 1;
    }
}
