package io.podroute.bgp.codec.error;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One error found in an UPDATE that did not require a session reset: the RFC 7606 action taken, the
 * NOTIFICATION code that RFC 4271 would have sent (for logs and metrics), the attribute type involved
 * (-1 for none), the would-be NOTIFICATION data, and a human-readable reason.
 */
public record UpdateError(ErrorAction action, NotificationCode code, int attributeType, byte[] data, String reason) {
    public UpdateError {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateError e
                && action == e.action
                && code == e.code
                && attributeType == e.attributeType
                && Arrays.equals(data, e.data)
                && reason.equals(e.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, code, attributeType, Arrays.hashCode(data), reason);
    }

    @Override
    public String toString() {
        return action + " " + code.label() + " attr=" + attributeType + " data="
                + HexFormat.of().formatHex(data) + ": " + reason;
    }
}
