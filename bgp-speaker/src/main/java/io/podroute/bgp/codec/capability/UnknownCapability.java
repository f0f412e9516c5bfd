package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/** A capability podroute does not interpret, kept byte-for-byte (RFC 5492 §4: ignored, not refused). */
public record UnknownCapability(int code, byte[] value) implements Capability {
    public UnknownCapability {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("capability code out of range: " + code);
        }
        if (value.length > 0xFF) {
            throw new IllegalArgumentException("capability value longer than 255 bytes");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownCapability u && code == u.code && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UnknownCapability[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
