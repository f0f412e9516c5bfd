package io.podroute.bgp.exabgp;

/** The {@code exabgp} binary is missing, not runnable, or older than 4.2; the message says what to install. */
public final class ExaBgpUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ExaBgpUnavailableException(String message) {
        super(message);
    }

    public ExaBgpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
