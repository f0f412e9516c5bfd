package io.podroute.ipip.userspace;

import java.util.Locale;

/** Why the userspace data plane dropped a packet; a metrics label. */
public enum DropReason {
    /** Send side: the TUN handed us something that is not IPv4. */
    NOT_IPV4,
    /** Send side: no tunnelled block contains the inner destination. */
    NO_ROUTE,
    /** Either side: header lengths inconsistent with the bytes read. */
    MALFORMED,
    /** Receive side: outer source is not a known node (no open relay). */
    UNKNOWN_NODE,
    /** Receive side: inner source is outside the sending node's blocks (spoofing). */
    SPOOFED_INNER_SOURCE,
    /** Receive side: inner destination is another node's block (no transit through us). */
    INNER_DESTINATION_REMOTE,
    /** Send side: the raw socket refused the packet. */
    SEND_ERROR,
    /** Receive side: the TUN refused the decapsulated packet. */
    TUN_WRITE_ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
