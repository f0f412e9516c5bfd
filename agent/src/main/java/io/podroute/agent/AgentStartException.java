package io.podroute.agent;

/** The agent cannot start; the message says what failed and what to do, in one line. */
public final class AgentStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
