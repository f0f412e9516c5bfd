package io.podroute.bgp.rib;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Ranks the candidate paths of one prefix with the {@link DecisionStep}s. Stateless.
 *
 * <p>The MED step compares only paths from the same neighbour AS, so "better than" is not transitive
 * (RFC 4271 §9.1.2.2 c notes the same). To make the result independent of the order in which paths
 * arrived, candidates are first put in a canonical order (peer address, then path id — unique per
 * path) and ranked by repeated selection: the best of the remaining candidates is found by one pass
 * that keeps the current winner, so a given set of paths always yields the same ranking.
 */
final class DecisionProcess {
    private static final DecisionStep[] STEPS = DecisionStep.values();
    private static final Comparator<Candidate> CANONICAL = (a, b) -> {
        int c = DecisionStep.PEER_ADDRESS.compare(a, b);
        return c != 0 ? c : DecisionStep.PATH_ID.compare(a, b);
    };

    /** Which step separated two candidates, the sign of the comparison and the reason as text. */
    record Decision(DecisionStep step, int result) {
        /** "LOCAL_PREF: local-pref 200 over local-pref 100", from the winner's point of view. */
        String reason(Candidate a, Candidate b) {
            if (step == null) {
                return "equal";
            }
            Candidate winner = result < 0 ? a : b;
            Candidate loser = result < 0 ? b : a;
            return step.value(winner) + " over " + step.value(loser);
        }
    }

    private DecisionProcess() {}

    /** The first step that tells the candidates apart (step null and result 0 if none does). */
    static Decision decide(Candidate a, Candidate b) {
        for (DecisionStep s : STEPS) {
            int c = s.compare(a, b);
            if (c != 0) {
                return new Decision(s, c < 0 ? -1 : 1);
            }
        }
        return new Decision(null, 0);
    }

    /** Negative if {@code a} is better than {@code b}. */
    static int compare(Candidate a, Candidate b) {
        for (DecisionStep s : STEPS) {
            int c = s.compare(a, b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * True if {@code b} may share forwarding with {@code a}: every step up to and including
     * {@link DecisionStep#EBGP_OVER_IBGP} finds them equal. The AS_PATH step compares only lengths, so
     * paths through different neighbour ASes qualify (FRR's "bestpath as-path multipath-relax").
     */
    static boolean multipathEqual(Candidate a, Candidate b) {
        for (DecisionStep s : STEPS) {
            if (!s.multipathRelevant()) {
                return true;
            }
            if (s.compare(a, b) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Sorts {@code c[0..n)} best first, deterministically for a given set of candidates. */
    static void rank(Candidate[] c, int n) {
        if (n < 2) {
            return;
        }
        Arrays.sort(c, 0, n, CANONICAL);
        for (int i = 0; i < n - 1; i++) {
            int best = i;
            for (int j = i + 1; j < n; j++) {
                if (compare(c[j], c[best]) < 0) {
                    best = j;
                }
            }
            if (best != i) {
                // Rotate rather than swap, so the remaining candidates stay in canonical order.
                Candidate w = c[best];
                System.arraycopy(c, i, c, i + 1, best - i);
                c[i] = w;
            }
        }
    }

    /** IPv4 before IPv6, then unsigned bytes. */
    static int compareAddresses(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }
}
