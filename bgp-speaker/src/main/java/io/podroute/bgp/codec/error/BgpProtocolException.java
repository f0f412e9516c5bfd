package io.podroute.bgp.codec.error;

import io.netty.handler.codec.DecoderException;

/**
 * A received message that must be answered with a NOTIFICATION: the one error type the codec throws.
 * It carries the NOTIFICATION's code, subcode and data, and the RFC 7606 action (always {@link
 * ErrorAction#SESSION_RESET} for errors thrown by the decoder; milder UPDATE errors are reported inside
 * the decoded {@code UpdateMessage} instead). Only the session handler turns it into a NOTIFICATION.
 */
public final class BgpProtocolException extends DecoderException {
    private final NotificationCode code;
    private final byte[] data;
    private final ErrorAction action;

    public BgpProtocolException(NotificationCode code, byte[] data, String reason) {
        this(code, data, ErrorAction.SESSION_RESET, reason);
    }

    public BgpProtocolException(NotificationCode code, byte[] data, ErrorAction action, String reason) {
        super(code.label() + ": " + reason);
        this.code = code;
        this.data = data.clone();
        this.action = action;
    }

    public NotificationCode code() {
        return code;
    }

    /** The NOTIFICATION data field (a copy). */
    public byte[] data() {
        return data.clone();
    }

    public ErrorAction action() {
        return action;
    }
}
