package io.podroute.agent.cni;

import java.io.IOException;

/**
 * {@code nft} failed: it is missing, exited non-zero, or did not finish in time. The message names the
 * command and carries nft's own stderr (which, for a script on stdin, quotes the offending line).
 */
public final class NftException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final int exitCode;
    private final String stderr;

    /**
     * @param command the command line as run, for the message
     * @param exitCode nft's exit status; -1 when it did not run or did not finish
     * @param stderr nft's standard error (trimmed), or a description of why it did not run
     */
    public NftException(String command, int exitCode, String stderr) {
        super("'" + command + "' " + (exitCode < 0 ? "failed" : "exited " + exitCode) + ": " + stderr);
        this.command = command;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    /** The command line that failed. */
    public String command() {
        return command;
    }

    /** nft's exit status, or -1 when it never ran or was killed after the timeout. */
    public int exitCode() {
        return exitCode;
    }

    /** nft's standard error, trimmed. */
    public String stderr() {
        return stderr;
    }
}
