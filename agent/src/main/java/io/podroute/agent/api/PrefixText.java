package io.podroute.agent.api;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.Arrays;

/**
 * Checks the text of {@code ?prefix=} before the agent sees it: an IPv4 or IPv6 literal, a slash, a
 * length within the family, no host bits. Each failure names the problem, for the 400 answer.
 */
final class PrefixText {
    private PrefixText() {}

    /** The prefix in canonical form ({@code 10.244.1.0/26}, {@code fd00:10::/64}). */
    static String normalise(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the prefix is empty (write e.g. 10.244.1.0/26)");
        }
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length (write e.g. " + t
                    + (t.indexOf(':') < 0 ? "/32" : "/128") + ")");
        }
        String addressText = t.substring(0, slash);
        byte[] address;
        try {
            address = Prefix.parseAddress(addressText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + text + "': '" + addressText + "' is not an IPv4 or IPv6 address", e);
        }
        int max = address.length * 8;
        String lengthText = t.substring(slash + 1);
        int length = lengthText.matches("[0-9]{1,3}") ? Integer.parseInt(lengthText) : -1;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("'" + text + "': prefix length '" + lengthText + "' is not in 0.." + max
                    + " (" + (max == 32 ? "IPv4" : "IPv6") + ")");
        }
        Prefix p = Prefix.fromBytes(address, length);
        if (!Arrays.equals(p.addressBytes(), address)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set (did you mean " + p + "?)");
        }
        return p.toString();
    }
}
