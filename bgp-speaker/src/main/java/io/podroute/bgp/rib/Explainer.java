package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Rib#explain}: the ranked candidates of one prefix with the step that ranked each. */
final class Explainer {
    private Explainer() {}

    static Explanation explain(RouteStore store, Prefix prefix, int slot, int maxPaths) {
        List<RankedPath> out = new ArrayList<>();
        if (slot < 0) {
            return new Explanation(prefix, out);
        }
        int head = store.tables[prefix.ipv6() ? 1 : 0].value(slot);
        int[] ecmp = new int[2 * maxPaths];
        int ecmpCount = store.ecmp(head, ecmp);
        boolean[] used = new boolean[ecmpCount];
        Candidate previous = null;
        int rank = 0;
        for (int p = head; p != PathStore.NONE; p = store.paths.next(p), rank++) {
            Candidate c = store.candidate(p);
            boolean multipath = false;
            for (int i = 0; i < ecmpCount && !multipath; i++) {
                if (!used[i] && ecmp[2 * i] == store.paths.nextHop(p) && ecmp[2 * i + 1] == store.paths.peer(p)) {
                    used[i] = true;
                    multipath = true;
                }
            }
            DecisionStep step = null;
            String reason = null;
            if (previous != null) {
                DecisionProcess.Decision d = DecisionProcess.decide(previous, c);
                step = d.step();
                reason = d.step() == null ? "equal" : d.step().name() + ": " + d.reason(previous, c);
            }
            out.add(new RankedPath(rank, store.route(prefix, p), multipath, step, reason));
            previous = c;
        }
        return new Explanation(prefix, out);
    }
}
