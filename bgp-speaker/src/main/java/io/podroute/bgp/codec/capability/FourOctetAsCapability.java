package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;

/** Support for 4-octet AS numbers, carrying the speaker's AS (RFC 6793 §3); {@code asn} is unsigned. */
public record FourOctetAsCapability(int asn) implements Capability {
    @Override
    public int code() {
        return FOUR_OCTET_AS;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt(asn);
    }

    public long asnUnsigned() {
        return Integer.toUnsignedLong(asn);
    }
}
