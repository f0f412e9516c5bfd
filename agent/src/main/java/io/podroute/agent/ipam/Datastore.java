package io.podroute.agent.ipam;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's shared state: a small key-value store with per-key revisions and compare-and-swap,
 * behind which IPAM and the node registry live. Two implementations: {@code FileDatastore} (a JSON
 * file with advisory locking, the default) and {@code EtcdDatastore} (etcd v3 over its JSON gateway).
 *
 * <p>Keys are plain strings ({@code blocks/10.244.0.0-26}, {@code nodes/node1}); an implementation
 * may put its own prefix in front of them in the backing store. Every conditional write is atomic
 * across every client of the same store, on this host (file) or in the cluster (etcd). Revisions
 * grow with every write to the store; a key's revision is the store revision of its last write.
 * Implementations are thread-safe: one instance may serve the agent's threads and watches at once.
 *
 * <p>Errors: every method throws {@link DatastoreException} naming the store and the operation;
 * {@link DatastoreException#unavailable()} tells "cannot reach the store" (keep running on what is
 * known, retry) from "the store answered something invalid".
 */
public interface Datastore extends Closeable {
    /** For logs and errors: {@code file /var/lib/podroute/ipam.json}, {@code etcd http://10.0.0.1:2379}. */
    String describe();

    Optional<KeyValue> get(String key) throws DatastoreException;

    /** Every key starting with {@code prefix}, sorted by key. */
    List<KeyValue> list(String prefix) throws DatastoreException;

    /** Creates {@code key} only if it does not exist; false if it does. */
    boolean create(String key, String value) throws DatastoreException;

    /** Replaces {@code key} only if its revision is still {@code expectedRevision}; false otherwise. */
    boolean replace(String key, long expectedRevision, String value) throws DatastoreException;

    /** Writes {@code key} whatever its state (registry entries, heartbeats). */
    void put(String key, String value) throws DatastoreException;

    /** Deletes {@code key} only if its revision is still {@code expectedRevision}; false otherwise. */
    boolean delete(String key, long expectedRevision) throws DatastoreException;

    /**
     * Calls {@code onChange} (on a thread of the store's own) after any change under {@code prefix},
     * possibly more often; the caller re-reads with {@link #list}. Errors while watching are logged and
     * retried with backoff, never thrown; {@code onChange} also runs once after a watch is re-established,
     * since changes may have been missed. Closing the handle stops the watch.
     */
    Closeable watch(String prefix, Runnable onChange);

    /** Closes connections and watch threads; idempotent. */
    @Override
    void close();
}
