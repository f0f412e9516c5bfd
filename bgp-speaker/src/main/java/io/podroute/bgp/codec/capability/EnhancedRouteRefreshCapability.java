package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;

/** Enhanced route refresh (RFC 7313 §3) : a capability with an empty value. */
public record EnhancedRouteRefreshCapability() implements Capability {
    public static final EnhancedRouteRefreshCapability INSTANCE = new EnhancedRouteRefreshCapability();

    @Override
    public int code() {
        return ENHANCED_ROUTE_REFRESH;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void writeValue(ByteBuf out) {
        // empty value
    }
}
