package io.podroute.routes.reconcile;

import io.podroute.routes.Route;
import io.podroute.routes.RouteKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which desired keys a {@link RouteTable} may take from whoever holds them, and which it leaves to a
 * foreign route.
 *
 * <p>The rule: a key podroute has held in this process's lifetime (found as its protocol in the
 * kernel, or written by it) is podroute's, and a hand change there is undone with a replace. A key
 * it has never held is only ever created exclusively; if a route of another protocol holds it, that
 * is a conflict, left alone and retried.
 *
 * <p>Invariants, kept compact: the keys held are the table's dataplane keys (its protocol in the
 * kernel now) plus {@code lost}, desired keys that were podroute's and are not any more (deleted or
 * replaced by hand). So {@code lost} and {@code conflicts} only ever hold desired keys, and both are
 * empty in the steady state. Not thread-safe: used under the table's monitor.
 */
final class KeyOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(KeyOwnership.class);

    private final Set<RouteKey> lost = new HashSet<>();
    /** Desired keys held by a foreign route, with that route (logged once, when it was found). */
    private final Map<RouteKey, Route> conflicts = new HashMap<>();

    /** A desired key was podroute's and no longer is: the next write there is a replace. */
    void lost(RouteKey key) {
        lost.add(key);
    }

    /** Whether a desired key with nothing of ours in the kernel was ours before (replace, not add). */
    boolean wasHeld(RouteKey key) {
        return lost.contains(key);
    }

    /** Whether any key is lost or in conflict (else {@link #forget} has nothing to do). */
    boolean isTracking() {
        return !lost.isEmpty() || !conflicts.isEmpty();
    }

    boolean hasLost() {
        return !lost.isEmpty();
    }

    /** The kernel now holds our route at {@code key} (written by us, or seen in an event). */
    void ours(Route route) {
        if (lost.isEmpty() && conflicts.isEmpty()) {
            return;
        }
        RouteKey key = route.key();
        lost.remove(key);
        Route holder = conflicts.remove(key);
        if (holder != null) {
            LOG.info("installed {}: the route of protocol {} that held its key is gone", route, holder.protocol());
        }
    }

    /**
     * A foreign route holds the key of {@code desired}, which podroute never held: logs it once per
     * key until the conflict clears.
     *
     * @return whether the conflict is new
     */
    boolean conflict(Route desired, Route holder) {
        if (conflicts.put(desired.key(), holder) != null) {
            return false;
        }
        LOG.warn(
                "not installing {}: its key is held by a route of protocol {} ({}) that podroute never held;"
                        + " left alone; retried on each resync and when that route goes",
                desired,
                holder.protocol(),
                holder);
        return true;
    }

    boolean isConflict(RouteKey key) {
        return conflicts.containsKey(key);
    }

    int conflictCount() {
        return conflicts.size();
    }

    /** Forgets one key that is no longer desired. */
    void forget(RouteKey key) {
        lost.remove(key);
        conflicts.remove(key);
    }

    /** Forgets keys that are no longer desired (they are not in the dataplane's part either). */
    void retainDesired(Predicate<RouteKey> desired) {
        if (!lost.isEmpty()) {
            lost.removeIf(desired.negate());
        }
        if (!conflicts.isEmpty()) {
            conflicts.keySet().removeIf(desired.negate());
        }
    }
}
