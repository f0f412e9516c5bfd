package io.podroute.bgp.rib;

import java.util.List;

/**
 * Receives best-path changes. Called on the RIB's event loop, synchronously from the call that caused
 * the changes ({@link Rib#applyUpdate}, {@link Rib#peerDown}, ...), with batches of at most {@link
 * Rib#MAX_BATCH} changes; every batch of a call is delivered before the call returns, and a prefix
 * appears at most once per batch unless it changed more than once within one call. A listener must
 * not call back into the RIB's mutating methods (they throw {@link IllegalStateException}).
 */
@FunctionalInterface
public interface RibListener {
    void onChanges(List<BestPathChange> changes);
}
