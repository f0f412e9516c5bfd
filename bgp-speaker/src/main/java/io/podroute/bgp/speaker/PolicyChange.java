package io.podroute.bgp.speaker;

/** What {@link BgpSpeaker#setPolicies} did on the peer's session. */
public enum PolicyChange {
    /** The effective policies are the same as before: nothing was sent. */
    NO_CHANGE,
    /** The session is not Established: the new policies apply when it is. */
    NOT_ESTABLISHED,
    /** Only the export policy changed: the difference was sent to the peer. */
    EXPORT_RESENT,
    /**
     * The import policy changed (and the export policy maybe too): ROUTE-REFRESH was sent for each
     * negotiated family; the re-sent routes pass the new policy.
     */
    ROUTE_REFRESH,
    /** The import policy changed and the peer does not support route refresh: Cease 6/6, reconnect. */
    SESSION_RESET
}
