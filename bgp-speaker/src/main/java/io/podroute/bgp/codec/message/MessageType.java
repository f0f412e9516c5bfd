package io.podroute.bgp.codec.message;

/** Message type codes (RFC 4271 §4.1, RFC 2918 §3). */
public enum MessageType {
    OPEN(1),
    UPDATE(2),
    NOTIFICATION(3),
    KEEPALIVE(4),
    ROUTE_REFRESH(5);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for {@code code}, or null for a type podroute does not know (an error 1/3). */
    public static MessageType of(int code) {
        return code >= 1 && code <= 5 ? values()[code - 1] : null;
    }

    /** The name used in JSON and the vector files ("ROUTE-REFRESH"). */
    public String label() {
        return name().replace('_', '-');
    }
}
