package io.podroute.bgp.codec.property;

import java.io.ByteArrayOutputStream;

/**
 * A tiny big-endian byte writer, independent of Netty and of the codec, for the reference encodings
 * the per-type properties compare against.
 */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int v) {
        out.write(v & 0xFF);
        return this;
    }

    Bytes u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    Bytes u32(int v) {
        return u16(v >>> 16).u16(v);
    }

    Bytes u64(long v) {
        return u32((int) (v >>> 32)).u32((int) v);
    }

    Bytes raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }
}
