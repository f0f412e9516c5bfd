package io.podroute.bgp.codec.error;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The NOTIFICATION (error code, subcode) pairs podroute sends or understands, each with the RFC
 * section that defines it. {@link #of(int, int)} returns null for pairs outside this table; received
 * NOTIFICATIONs keep their raw numbers, so an unknown pair is never an error.
 */
public enum NotificationCode {
    MESSAGE_HEADER_ERROR(1, 0, "RFC 4271 §6.1"),
    CONNECTION_NOT_SYNCHRONIZED(1, 1, "RFC 4271 §6.1"),
    BAD_MESSAGE_LENGTH(1, 2, "RFC 4271 §6.1"),
    BAD_MESSAGE_TYPE(1, 3, "RFC 4271 §6.1"),

    OPEN_MESSAGE_ERROR(2, 0, "RFC 4271 §6.2"),
    UNSUPPORTED_VERSION_NUMBER(2, 1, "RFC 4271 §6.2"),
    BAD_PEER_AS(2, 2, "RFC 4271 §6.2"),
    BAD_BGP_IDENTIFIER(2, 3, "RFC 4271 §6.2"),
    UNSUPPORTED_OPTIONAL_PARAMETER(2, 4, "RFC 4271 §6.2"),
    UNACCEPTABLE_HOLD_TIME(2, 6, "RFC 4271 §6.2"),
    UNSUPPORTED_CAPABILITY(2, 7, "RFC 5492 §5"),
    ROLE_MISMATCH(2, 11, "RFC 9234 §4.2"),

    UPDATE_MESSAGE_ERROR(3, 0, "RFC 4271 §6.3"),
    MALFORMED_ATTRIBUTE_LIST(3, 1, "RFC 4271 §6.3"),
    UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2, "RFC 4271 §6.3"),
    MISSING_WELL_KNOWN_ATTRIBUTE(3, 3, "RFC 4271 §6.3"),
    ATTRIBUTE_FLAGS_ERROR(3, 4, "RFC 4271 §6.3"),
    ATTRIBUTE_LENGTH_ERROR(3, 5, "RFC 4271 §6.3"),
    INVALID_ORIGIN_ATTRIBUTE(3, 6, "RFC 4271 §6.3"),
    INVALID_NEXT_HOP_ATTRIBUTE(3, 8, "RFC 4271 §6.3"),
    OPTIONAL_ATTRIBUTE_ERROR(3, 9, "RFC 4271 §6.3"),
    INVALID_NETWORK_FIELD(3, 10, "RFC 4271 §6.3"),
    MALFORMED_AS_PATH(3, 11, "RFC 4271 §6.3"),

    HOLD_TIMER_EXPIRED(4, 0, "RFC 4271 §6.5"),

    FSM_ERROR(5, 0, "RFC 6608 §4"),
    FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT(5, 1, "RFC 6608 §4"),
    FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM(5, 2, "RFC 6608 §4"),
    FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED(5, 3, "RFC 6608 §4"),

    CEASE(6, 0, "RFC 4271 §6.7"),
    CEASE_MAX_PREFIXES(6, 1, "RFC 4486 §4"),
    CEASE_ADMINISTRATIVE_SHUTDOWN(6, 2, "RFC 4486 §4, RFC 9003"),
    CEASE_PEER_DECONFIGURED(6, 3, "RFC 4486 §4"),
    CEASE_ADMINISTRATIVE_RESET(6, 4, "RFC 4486 §4, RFC 9003"),
    CEASE_CONNECTION_REJECTED(6, 5, "RFC 4486 §4"),
    CEASE_OTHER_CONFIGURATION_CHANGE(6, 6, "RFC 4486 §4"),
    CEASE_CONNECTION_COLLISION_RESOLUTION(6, 7, "RFC 4486 §4"),
    CEASE_OUT_OF_RESOURCES(6, 8, "RFC 4486 §4"),
    CEASE_HARD_RESET(6, 9, "RFC 8538 §3"),
    CEASE_BFD_DOWN(6, 10, "RFC 9384"),

    ROUTE_REFRESH_INVALID_MESSAGE_LENGTH(7, 1, "RFC 7313 §5");

    private static final Map<Integer, NotificationCode> BY_CODES = new HashMap<>();

    static {
        for (NotificationCode c : values()) {
            NotificationCode previous = BY_CODES.put(key(c.code, c.subcode), c);
            if (previous != null) {
                throw new ExceptionInInitializerError("duplicate NOTIFICATION code " + c + " and " + previous);
            }
        }
    }

    private final int code;
    private final int subcode;
    private final String reference;

    NotificationCode(int code, int subcode, String reference) {
        this.code = code;
        this.subcode = subcode;
        this.reference = reference;
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }

    /** The RFC section that defines this pair. */
    public String reference() {
        return reference;
    }

    /** The constant for (code, subcode), or null if the pair is not in the table. */
    public static NotificationCode of(int code, int subcode) {
        return BY_CODES.get(key(code, subcode));
    }

    /** "3/1 malformed-attribute-list" style name used in logs, metrics and JSON. */
    public String label() {
        return code + "/" + subcode + " " + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int key(int code, int subcode) {
        return (code << 8) | subcode;
    }
}
