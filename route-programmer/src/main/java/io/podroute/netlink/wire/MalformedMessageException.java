package io.podroute.netlink.wire;

/** A message from the kernel that does not follow the netlink layout; a bug, never retried. */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
