package io.podroute.bgp.codec.error;

/**
 * What a receiver does about an error in a received message, ordered by severity (RFC 7606 §2).
 * While parsing an UPDATE the decoder keeps the most severe action over all attributes.
 */
public enum ErrorAction {
    /** No error. */
    NONE,
    /** The malformed attribute is dropped and the UPDATE is processed without it (RFC 7606 §2). */
    ATTRIBUTE_DISCARD,
    /** Every prefix of the UPDATE is handled as withdrawn (RFC 7606 §2). */
    TREAT_AS_WITHDRAW,
    /** The AFI/SAFI is disabled on the session (RFC 7606 §2); podroute resets the session instead. */
    AFI_SAFI_DISABLE,
    /** A NOTIFICATION is sent and the session closed (RFC 4271 §6). */
    SESSION_RESET;

    /** The more severe of the two actions. */
    public ErrorAction max(ErrorAction other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
