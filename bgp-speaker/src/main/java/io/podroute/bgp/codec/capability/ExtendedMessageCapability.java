package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;

/** Extended messages up to 65535 bytes (RFC 8654 §3) : a capability with an empty value. */
public record ExtendedMessageCapability() implements Capability {
    public static final ExtendedMessageCapability INSTANCE = new ExtendedMessageCapability();

    @Override
    public int code() {
        return EXTENDED_MESSAGE;
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
