package io.podroute.bgp.codec.message;

import io.podroute.bgp.codec.nlri.Family;
import java.util.Objects;

/**
 * ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3): AFI(2), subtype(1), SAFI(1). Subtype 0 is a normal
 * request, 1 Beginning-of-RIB-Refresh, 2 End-of-RIB-Refresh; other values are kept and ignored.
 */
public record RouteRefreshMessage(Family family, int subtype) implements BgpMessage {
    public static final int NORMAL = 0;
    public static final int BEGIN_OF_RIB_REFRESH = 1;
    public static final int END_OF_RIB_REFRESH = 2;

    public RouteRefreshMessage {
        Objects.requireNonNull(family, "family");
        if (subtype < 0 || subtype > 0xFF) {
            throw new IllegalArgumentException("ROUTE-REFRESH subtype out of range: " + subtype);
        }
    }

    public static RouteRefreshMessage request(Family family) {
        return new RouteRefreshMessage(family, NORMAL);
    }

    @Override
    public MessageType type() {
        return MessageType.ROUTE_REFRESH;
    }
}
