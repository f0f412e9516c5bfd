package io.podroute.netlink.wire;

import java.nio.ByteBuffer;

/**
 * An NLMSG_ERROR payload: errno (0 for an ACK) and the extended-ACK message text, if any.
 *
 * <pre>
 *  struct nlmsgerr { int error; struct nlmsghdr msg; }  then, with NLM_F_CAPPED, no echoed payload;
 *  with NLM_F_ACK_TLVS, NLMSGERR_ATTR_* TLVs follow.
 * </pre>
 */
public record Ack(int seq, int errno, String message) {
    /** Parses the NLMSG_ERROR message at {@code at} (header included). */
    public static Ack parse(ByteBuffer b, int at) {
        try {
            return parseUnchecked(b, at);
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedMessageException("bad NLMSG_ERROR at " + at + ": " + e.getMessage());
        }
    }

    private static Ack parseUnchecked(ByteBuffer b, int at) {
        int len = MessageHeader.length(b, at);
        int flags = MessageHeader.flags(b, at);
        int seq = MessageHeader.seq(b, at);
        if (len < Nl.HDRLEN + 4) {
            throw new MalformedMessageException("short NLMSG_ERROR " + len);
        }
        int error = b.getInt(at + Nl.HDRLEN);
        String message = "";
        if ((flags & Nl.F_ACK_TLVS) != 0 && len >= Nl.HDRLEN + 4 + Nl.HDRLEN) {
            int echoed = (flags & Nl.F_CAPPED) != 0 ? Nl.HDRLEN : MessageHeader.length(b, at + Nl.HDRLEN + 4);
            int tlvStart = at + Nl.HDRLEN + 4 + Nl.align(echoed);
            if (tlvStart < at + len) {
                AttributeTable t = AttributeTable.parse(b, tlvStart, at + len, Nl.NLMSGERR_ATTR_OFFS);
                if (t.has(Nl.NLMSGERR_ATTR_MSG)) {
                    message = t.string(Nl.NLMSGERR_ATTR_MSG);
                }
            }
        }
        return new Ack(seq, error == 0 ? 0 : -error, message);
    }

    public boolean isError() {
        return errno != 0;
    }
}
