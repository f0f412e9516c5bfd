package io.podroute.bgp.codec.attribute;

import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;

/**
 * A malformed attribute value, thrown by a value decoder and caught by {@link AttributeCodec}, which
 * records it with the attribute's bytes. Stackless: it is an expected outcome of peer input.
 */
final class AttributeException extends Exception {
    private final ErrorAction action;
    private final NotificationCode code;

    AttributeException(ErrorAction action, NotificationCode code, String reason) {
        super(reason, null, false, false);
        this.action = action;
        this.code = code;
    }

    ErrorAction action() {
        return action;
    }

    NotificationCode code() {
        return code;
    }
}
