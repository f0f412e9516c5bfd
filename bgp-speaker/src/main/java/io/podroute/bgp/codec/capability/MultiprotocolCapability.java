package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.nlri.Family;
import java.util.Objects;

/** Multiprotocol extensions for one AFI/SAFI (RFC 4760 §8): AFI(2), reserved(1), SAFI(1). */
public record MultiprotocolCapability(Family family) implements Capability {
    public MultiprotocolCapability {
        Objects.requireNonNull(family, "family");
    }

    @Override
    public int code() {
        return MULTIPROTOCOL;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeShort(family.afi());
        out.writeByte(0);
        out.writeByte(family.safi());
    }
}
