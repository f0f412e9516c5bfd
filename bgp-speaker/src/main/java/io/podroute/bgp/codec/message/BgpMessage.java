package io.podroute.bgp.codec.message;

/** A BGP message (RFC 4271 §4): immutable, decoded and encoded by {@code BgpCodec}. */
public sealed interface BgpMessage
        permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage {
    MessageType type();
}
