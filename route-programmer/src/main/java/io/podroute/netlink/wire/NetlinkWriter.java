package io.podroute.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Appends netlink messages to a buffer in host byte order: a header, a fixed family struct, then
 * attributes, each padded to 4 bytes. Nested attributes are opened and closed by position.
 *
 * <p>Invariant: between {@link #beginMessage} and {@link #endMessage} exactly one message is open;
 * its length field is patched on close. A writer is not thread-safe; one per socket. Writing past
 * the end of the buffer throws {@link java.nio.BufferOverflowException}; callers that batch
 * {@link #mark()} first and {@link #rollback} to the mark.
 */
public final class NetlinkWriter {
    private final ByteBuffer buf;
    private int msgStart = -1;
    private int messages;

    public NetlinkWriter(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.nativeOrder());
    }

    public static NetlinkWriter allocate(int capacity) {
        return new NetlinkWriter(ByteBuffer.allocateDirect(capacity));
    }

    /** The underlying buffer; bytes [0, position) are the written messages. */
    public ByteBuffer buffer() {
        return buf;
    }

    public int position() {
        return buf.position();
    }

    /** Number of complete messages written since the last {@link #clear()}. */
    public int messageCount() {
        return messages;
    }

    public void clear() {
        buf.clear();
        msgStart = -1;
        messages = 0;
    }

    /** The position to {@link #rollback} to if the next message does not fit. */
    public int mark() {
        return buf.position();
    }

    /** Discards a partially written message, restoring the position returned by {@link #mark()}. */
    public void rollback(int mark) {
        buf.position(mark);
        msgStart = -1;
    }

    /** Writes a struct nlmsghdr with length 0 (patched by {@link #endMessage()}) and port id 0. */
    public NetlinkWriter beginMessage(int type, int flags, int seq) {
        if (msgStart >= 0) {
            throw new IllegalStateException("message already open at " + msgStart);
        }
        msgStart = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        return this;
    }

    /** Patches the open message's length and pads the buffer to 4 bytes; returns the length. */
    public int endMessage() {
        if (msgStart < 0) {
            throw new IllegalStateException("no open message");
        }
        int len = buf.position() - msgStart;
        buf.putInt(msgStart, len);
        pad();
        msgStart = -1;
        messages++;
        return len;
    }

    public NetlinkWriter u8(int v) {
        buf.put((byte) v);
        return this;
    }

    public NetlinkWriter u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    public NetlinkWriter u32(int v) {
        buf.putInt(v);
        return this;
    }

    public NetlinkWriter zeros(int n) {
        for (int i = 0; i < n; i++) {
            buf.put((byte) 0);
        }
        return this;
    }

    public NetlinkWriter attrU8(int type, int v) {
        attrHeader(type, 1);
        buf.put((byte) v);
        return pad();
    }

    public NetlinkWriter attrU16(int type, int v) {
        attrHeader(type, 2);
        buf.putShort((short) v);
        return pad();
    }

    /** A 16-bit attribute in network byte order (ports, e.g. IFLA_VXLAN_PORT). */
    public NetlinkWriter attrBe16(int type, int v) {
        attrHeader(type, 2);
        buf.put((byte) (v >>> 8)).put((byte) v);
        return pad();
    }

    public NetlinkWriter attrU32(int type, int v) {
        attrHeader(type, 4);
        buf.putInt(v);
        return pad();
    }

    public NetlinkWriter attrBytes(int type, byte[] value) {
        attrHeader(type, value.length);
        buf.put(value);
        return pad();
    }

    /** A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND). */
    public NetlinkWriter attrString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        attrHeader(type, bytes.length + 1);
        buf.put(bytes).put((byte) 0);
        return pad();
    }

    /** A zero-length attribute whose presence is the value (NHA_BLACKHOLE). */
    public NetlinkWriter attrFlag(int type) {
        attrHeader(type, 0);
        return this;
    }

    /**
     * Opens a nested attribute, or any attribute whose payload the caller writes straight into
     * {@link #buffer()}; pass the returned position to {@link #endNested}.
     */
    public int beginNested(int type) {
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    public void endNested(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        pad();
    }

    private void attrHeader(int type, int payloadLen) {
        buf.putShort((short) (Nl.ATTR_HDRLEN + payloadLen)).putShort((short) type);
    }

    private NetlinkWriter pad() {
        int aligned = Nl.align(buf.position());
        while (buf.position() < aligned) {
            buf.put((byte) 0);
        }
        return this;
    }
}
