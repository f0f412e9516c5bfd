package io.podroute.agent.ipam;

/**
 * A datastore operation failed. The message names the store and the operation, e.g. {@code etcd
 * http://127.0.0.1:2379: create blocks/10.244.0.0-26: connection refused}.
 */
public final class DatastoreException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    /**
     * @param unavailable true when the store could not be reached (connection refused, timeout):
     *     callers keep running on what they know and retry; false when it answered something invalid
     */
    public DatastoreException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    public DatastoreException(String message, boolean unavailable) {
        this(message, unavailable, null);
    }

    public boolean unavailable() {
        return unavailable;
    }
}
