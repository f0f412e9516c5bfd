package io.podroute.agent.config;

import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.policy.CommunityText;
import io.podroute.bgp.rib.LocalRoute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code announce[]} into {@link LocalRoute}s: ORIGIN IGP, an empty AS_PATH (or the local AS
 * {@code asPathPrepend} times), and the optional MED, LOCAL_PREF, communities and large communities.
 */
final class AnnounceValidator {
    private static final int MAX_PREPEND = 32;

    private final Problems problems;
    private final Map<Prefix, Integer> seen = new HashMap<>();

    AnnounceValidator(Problems problems) {
        this.problems = problems;
    }

    /** The route, or null when a field is invalid (the reasons are in {@link Problems}). */
    LocalRoute build(BgpServeConfig.Announce a, String at, long localAs) {
        if (a == null || a.prefix() == null) {
            problems.add(at + ".prefix", "is required");
            return null;
        }
        int before = problems.size();
        Prefix prefix = prefix(a.prefix(), at + ".prefix");
        List<PathAttribute> attrs = new ArrayList<>();
        attrs.add(Origin.IGP);
        if (a.asPathPrepend() == null) {
            attrs.add(AsPath.EMPTY);
        } else if (a.asPathPrepend() < 1 || a.asPathPrepend() > MAX_PREPEND) {
            problems.add(at + ".asPathPrepend", a.asPathPrepend() + " is outside 1.." + MAX_PREPEND);
        } else {
            int[] asns = new int[a.asPathPrepend()];
            Arrays.fill(asns, (int) localAs);
            attrs.add(AsPath.sequence(asns));
        }
        if (a.med() != null && unsigned32(a.med(), at + ".med")) {
            attrs.add(new MultiExitDisc((int) (long) a.med()));
        }
        if (a.localPref() != null && unsigned32(a.localPref(), at + ".localPref")) {
            attrs.add(new LocalPref((int) (long) a.localPref()));
        }
        int[] communities = communities(a.communities(), at + ".communities");
        if (communities.length > 0) {
            attrs.add(new Communities(communities));
        }
        int[] large = largeCommunities(a.largeCommunities(), at + ".largeCommunities");
        if (large.length > 0) {
            attrs.add(new LargeCommunities(large));
        }
        if (problems.size() > before || prefix == null) {
            return null;
        }
        return new LocalRoute(prefix, PathAttributes.of(attrs));
    }

    private Prefix prefix(String text, String at) {
        Prefix p;
        try {
            p = Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(at, "'" + text + "' is not a prefix: " + e.getMessage());
            return null;
        }
        String t = text.trim();
        String addr = t.indexOf('/') < 0 ? t : t.substring(0, t.indexOf('/'));
        if (!Arrays.equals(Prefix.parseAddress(addr), p.addressBytes())) {
            problems.add(at, text + " has host bits set (did you mean " + p + "?)");
            return null;
        }
        Integer first = seen.putIfAbsent(p, seen.size());
        if (first != null) {
            problems.add(at, p + " is announced twice");
            return null;
        }
        return p;
    }

    private boolean unsigned32(long v, String at) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            problems.add(at, v + " is outside 0..4294967295");
            return false;
        }
        return true;
    }

    private int[] communities(List<String> texts, String at) {
        if (texts == null) {
            return new int[0];
        }
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = CommunityText.parseCommunity(String.valueOf(texts.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(at + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private int[] largeCommunities(List<String> texts, String at) {
        if (texts == null) {
            return new int[0];
        }
        int[] out = new int[texts.size() * 3];
        for (int i = 0; i < texts.size(); i++) {
            try {
                System.arraycopy(CommunityText.parseLargeCommunity(String.valueOf(texts.get(i))), 0, out, i * 3, 3);
            } catch (IllegalArgumentException e) {
                problems.add(at + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }
}
