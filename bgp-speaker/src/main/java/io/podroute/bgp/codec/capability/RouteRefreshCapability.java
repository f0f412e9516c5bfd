package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;

/** Route refresh (RFC 2918 §3) : a capability with an empty value. */
public record RouteRefreshCapability() implements Capability {
    public static final RouteRefreshCapability INSTANCE = new RouteRefreshCapability();

    @Override
    public int code() {
        return ROUTE_REFRESH;
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
