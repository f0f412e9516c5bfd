package io.podroute.bgp.policy;

import java.util.ArrayList;
import java.util.List;

/** Validates and compiles the conditions (other than the prefix list) and the changes of one term. */
final class TermCompiler {
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int MAX_PREPEND = 32;

    private TermCompiler() {}

    static List<Condition> conditions(MatchSpec m, String at) {
        List<Condition> out = new ArrayList<>();
        Integer min = m.asPathLengthMin();
        Integer max = m.asPathLengthMax();
        if (min != null && min < 0) {
            throw new PolicyConfigException(at + ".asPathLengthMin", min + " is negative");
        }
        if (max != null && max < 0) {
            throw new PolicyConfigException(at + ".asPathLengthMax", max + " is negative");
        }
        if (min != null && max != null && max < min) {
            throw new PolicyConfigException(at + ".asPathLengthMax", max + " is less than asPathLengthMin " + min);
        }
        if (min != null || max != null) {
            out.add(Condition.asPathLength(min == null ? 0 : min, max == null ? Integer.MAX_VALUE : max));
        }
        if (m.asPathContains() != null) {
            out.add(Condition.asPathContains(asn(m.asPathContains(), at + ".asPathContains")));
        }
        if (m.neighborAs() != null) {
            out.add(Condition.neighborAs(asn(m.neighborAs(), at + ".neighborAs")));
        }
        if (!m.communities().isEmpty()) {
            out.add(Condition.communities(communities(m.communities(), at + ".communities")));
        }
        if (!m.largeCommunities().isEmpty()) {
            out.add(Condition.largeCommunities(largeCommunities(m.largeCommunities(), at + ".largeCommunities")));
        }
        return out;
    }

    static List<Action> actions(SetSpec s, String at) {
        List<Action> out = new ArrayList<>();
        if (s.localPref() != null) {
            out.add(Action.localPref((int) u32(s.localPref(), at + ".localPref")));
        }
        if (s.med() != null) {
            out.add(Action.med((int) u32(s.med(), at + ".med")));
        }
        if (!s.removeCommunities().isEmpty()) {
            out.add(Action.removeCommunities(communities(s.removeCommunities(), at + ".removeCommunities")));
        }
        if (!s.addCommunities().isEmpty()) {
            out.add(Action.addCommunities(communities(s.addCommunities(), at + ".addCommunities")));
        }
        if (!s.removeLargeCommunities().isEmpty()) {
            out.add(Action.removeLargeCommunities(
                    largeCommunities(s.removeLargeCommunities(), at + ".removeLargeCommunities")));
        }
        if (!s.addLargeCommunities().isEmpty()) {
            out.add(Action.addLargeCommunities(largeCommunities(s.addLargeCommunities(), at + ".addLargeCommunities")));
        }
        if (s.prependAs() != null) {
            int n = s.prependAs();
            if (n < 1 || n > MAX_PREPEND) {
                throw new PolicyConfigException(at + ".prependAs", n + " is outside 1.." + MAX_PREPEND);
            }
            out.add(Action.prepend(n));
        }
        return out;
    }

    private static long asn(long value, String at) {
        if (value < 0 || value > MAX_U32) {
            throw new PolicyConfigException(at, value + " is not an AS number (0..4294967295)");
        }
        return value;
    }

    private static long u32(long value, String at) {
        if (value < 0 || value > MAX_U32) {
            throw new PolicyConfigException(at, value + " is outside 0..4294967295");
        }
        return value;
    }

    static int[] communities(List<String> texts, String at) {
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            String t = texts.get(i);
            if (t == null) {
                throw new PolicyConfigException(at + "[" + i + "]", "required");
            }
            try {
                out[i] = CommunityText.parseCommunity(t);
            } catch (IllegalArgumentException e) {
                throw new PolicyConfigException(at + "[" + i + "]", e.getMessage(), e);
            }
        }
        return out;
    }

    static int[] largeCommunities(List<String> texts, String at) {
        int[] out = new int[texts.size() * 3];
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null) {
                throw new PolicyConfigException(at + "[" + i + "]", "required");
            }
            try {
                System.arraycopy(CommunityText.parseLargeCommunity(t), 0, out, 3 * i, 3);
            } catch (IllegalArgumentException e) {
                throw new PolicyConfigException(at + "[" + i + "]", e.getMessage(), e);
            }
        }
        return out;
    }
}
