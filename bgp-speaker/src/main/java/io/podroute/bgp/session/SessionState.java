package io.podroute.bgp.session;

/** The states of the BGP finite state machine, named as in RFC 4271 §8.2.2. */
public enum SessionState {
    IDLE,
    CONNECT,
    ACTIVE,
    OPEN_SENT,
    OPEN_CONFIRM,
    ESTABLISHED;

    /** "OpenSent" style name, as RFC 4271 writes it; used in logs and metrics. */
    public String label() {
        return switch (this) {
            case IDLE -> "Idle";
            case CONNECT -> "Connect";
            case ACTIVE -> "Active";
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            case ESTABLISHED -> "Established";
        };
    }
}
