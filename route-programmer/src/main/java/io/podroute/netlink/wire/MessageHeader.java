package io.podroute.netlink.wire;

import java.nio.ByteBuffer;

/**
 * Reads a struct nlmsghdr at an absolute offset. Stateless; the buffer is in host byte order.
 *
 * <pre>
 *  0       4       6       8       12      16
 *  | len   | type  | flags | seq   | pid   | payload...
 * </pre>
 */
public final class MessageHeader {
    private MessageHeader() {}

    public static int length(ByteBuffer b, int at) {
        return b.getInt(at);
    }

    public static int type(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at + 4));
    }

    public static int flags(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at + 6));
    }

    public static int seq(ByteBuffer b, int at) {
        return b.getInt(at + 8);
    }

    /**
     * nlmsg_pid: in a reply or notification, the port id of the socket whose request caused it (0
     * when the kernel acted on its own). Unsigned on the wire; compare as is.
     */
    public static int pid(ByteBuffer b, int at) {
        return b.getInt(at + 12);
    }

    /** Validates the header at {@code at} against {@code limit}; returns the aligned length. */
    public static int checkedAlignedLength(ByteBuffer b, int at, int limit) {
        if (at < 0 || Nl.HDRLEN > limit - at) {
            throw new MalformedMessageException("truncated header at " + at);
        }
        int len = length(b, at);
        // Compared as len > limit - at: at + len would overflow for a hostile length.
        if (len < Nl.HDRLEN || len > limit - at) {
            throw new MalformedMessageException("message length " + len + " at " + at + " limit " + limit);
        }
        return Math.min(Nl.align(len), limit - at);
    }
}
