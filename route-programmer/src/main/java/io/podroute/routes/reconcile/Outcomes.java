package io.podroute.routes.reconcile;

import io.podroute.netlink.ops.NetlinkHandle.Failure;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Sorting a batch's items into applied and failed; stateless helpers of {@link RouteTable}. */
final class Outcomes {
    private Outcomes() {}

    interface Applied<T> {
        void accept(T item);
    }

    static <T> void markApplied(List<T> sent, List<Failure<T>> failed, Applied<T> onSuccess) {
        BitSet bad = new BitSet(failed.isEmpty() ? 0 : sent.size());
        for (Failure<T> f : failed) {
            bad.set(f.index());
        }
        for (int i = 0; i < sent.size(); i++) {
            if (!bad.get(i)) {
                onSuccess.accept(sent.get(i));
            }
        }
    }

    /** A delete of something already gone (ESRCH/ENOENT) reached the desired state. */
    static <T> List<Failure<T>> withoutNotFound(List<Failure<T>> failures) {
        if (failures.isEmpty()) {
            return failures;
        }
        List<Failure<T>> out = new ArrayList<>();
        for (Failure<T> f : failures) {
            if (!f.error().isNotFound()) {
                out.add(f);
            }
        }
        return out;
    }
}
