package io.podroute.netlink.ops;

import io.podroute.netlink.wire.AttributeTable;
import io.podroute.netlink.wire.MalformedMessageException;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.InterfaceAddress;
import java.nio.ByteBuffer;

/**
 * RTM_NEWADDR / DELADDR / GETADDR bodies. As iproute2 does, IFA_LOCAL and IFA_ADDRESS both carry
 * the address (they differ only on point-to-point links).
 *
 * <pre>
 *  struct ifaddrmsg { u8 family, prefixlen, flags, scope; u32 index; }
 * </pre>
 */
public final class AddressCodec {
    /** IFA_F_NODAD: no duplicate address detection for IPv6 (usable at once). */
    public static final int IFA_F_NODAD = 0x02;

    private AddressCodec() {}

    public static void writeNew(NetlinkWriter w, InterfaceAddress a, int flags, int seq) {
        w.beginMessage(Rtnl.RTM_NEWADDR, Nl.F_REQUEST | Nl.F_ACK | flags, seq);
        ifaddrmsg(
                w, a.family(), a.prefixLength(), a.family() == Rtnl.AF_INET6 ? IFA_F_NODAD : 0, a.scope(), a.ifIndex());
        w.attrBytes(Rtnl.IFA_LOCAL, a.address());
        w.attrBytes(Rtnl.IFA_ADDRESS, a.address());
        w.endMessage();
    }

    public static void writeDelete(NetlinkWriter w, InterfaceAddress a, int seq) {
        w.beginMessage(Rtnl.RTM_DELADDR, Nl.F_REQUEST | Nl.F_ACK, seq);
        ifaddrmsg(w, a.family(), a.prefixLength(), 0, 0, a.ifIndex());
        w.attrBytes(Rtnl.IFA_LOCAL, a.address());
        w.attrBytes(Rtnl.IFA_ADDRESS, a.address());
        w.endMessage();
    }

    public static void writeDump(NetlinkWriter w, int family, int seq) {
        w.beginMessage(Rtnl.RTM_GETADDR, Nl.F_REQUEST | Nl.F_DUMP, seq);
        ifaddrmsg(w, family, 0, 0, 0, 0);
        w.endMessage();
    }

    private static void ifaddrmsg(NetlinkWriter w, int family, int prefixLen, int flags, int scope, int index) {
        w.u8(family).u8(prefixLen).u8(flags).u8(scope).u32(index);
    }

    public static InterfaceAddress parse(ByteBuffer b, int at) {
        try {
            return parseUnchecked(b, at);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedMessageException("bad InterfaceAddress message at " + at + ": " + e.getMessage());
        }
    }

    private static InterfaceAddress parseUnchecked(ByteBuffer b, int at) {
        int len = MessageHeader.length(b, at);
        int body = at + Nl.HDRLEN;
        if (len < Nl.HDRLEN + Rtnl.IFADDRMSG_LEN) {
            throw new MalformedMessageException("short ifaddrmsg " + len);
        }
        int prefixLen = Byte.toUnsignedInt(b.get(body + 1));
        int scope = Byte.toUnsignedInt(b.get(body + 3));
        int index = b.getInt(body + 4);
        AttributeTable t = AttributeTable.parse(b, body + Rtnl.IFADDRMSG_LEN, at + len, Rtnl.IFA_MAX);
        byte[] addr = t.has(Rtnl.IFA_LOCAL) ? t.bytes(Rtnl.IFA_LOCAL) : t.bytes(Rtnl.IFA_ADDRESS);
        return new InterfaceAddress(index, addr, prefixLen, scope);
    }
}
