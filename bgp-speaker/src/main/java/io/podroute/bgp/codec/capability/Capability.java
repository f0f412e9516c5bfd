package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;

/**
 * A capability advertised in an OPEN (RFC 5492). Known codes decode to their own record; any other code
 * is kept byte-for-byte as {@link UnknownCapability}.
 */
public sealed interface Capability
        permits MultiprotocolCapability,
                RouteRefreshCapability,
                EnhancedRouteRefreshCapability,
                ExtendedMessageCapability,
                FourOctetAsCapability,
                GracefulRestartCapability,
                AddPathCapability,
                UnknownCapability {
    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ADD_PATH = 69;
    int ENHANCED_ROUTE_REFRESH = 70;

    /** The capability code. */
    int code();

    /** Bytes of the capability value. */
    int valueLength();

    /** Writes the capability value (without code and length). */
    void writeValue(ByteBuf out);
}
