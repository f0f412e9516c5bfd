package io.podroute.agent.ipam;

/**
 * IPAM cannot give this node a block for a reason an operator must fix: every pool is full, the node
 * name cannot be a store key, the claim kept losing races, or the store holds records IPAM cannot read.
 * The message says what and how to fix it; retrying without a change does not help (unlike a {@link
 * DatastoreException} with {@link DatastoreException#unavailable()}).
 */
public final class IpamException extends Exception {
    private static final long serialVersionUID = 1L;

    public IpamException(String message) {
        super(message);
    }
}
