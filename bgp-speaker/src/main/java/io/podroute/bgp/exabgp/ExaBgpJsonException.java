package io.podroute.bgp.exabgp;

/** A line of ExaBGP's output that is not the JSON podroute expects; counted and logged, never fatal. */
final class ExaBgpJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ExaBgpJsonException(String message) {
        super(message);
    }

    ExaBgpJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
