package io.podroute.netlink.ops;

import io.podroute.netlink.wire.AttributeTable;
import io.podroute.netlink.wire.MalformedMessageException;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Link;
import java.nio.ByteBuffer;

/**
 * RTM_NEWLINK / DELLINK / GETLINK bodies.
 *
 * <pre>
 *  struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; }
 * </pre>
 */
public final class LinkCodec {
    /** veth's IFLA_INFO_DATA attribute holding the peer's ifinfomsg and attributes. */
    public static final int VETH_INFO_PEER = 1;

    private LinkCodec() {}

    private static void ifinfomsg(NetlinkWriter w, int index, int flags, int change) {
        w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    /** {@code ip link show [dev NAME]}: a dump, or one link by name when {@code name} is non-null. */
    public static void writeGet(NetlinkWriter w, String name, int seq) {
        w.beginMessage(Rtnl.RTM_GETLINK, Nl.F_REQUEST | (name == null ? Nl.F_DUMP : 0), seq);
        ifinfomsg(w, 0, 0, 0);
        if (name != null) {
            w.attrString(Rtnl.IFLA_IFNAME, name);
        }
        w.endMessage();
    }

    /** {@code ip link set dev #INDEX up|down [mtu M]}; mtu 0 leaves it unchanged. */
    public static void writeSet(NetlinkWriter w, int index, boolean up, int mtu, int seq) {
        w.beginMessage(Rtnl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK, seq);
        ifinfomsg(w, index, up ? Rtnl.IFF_UP : 0, Rtnl.IFF_UP);
        if (mtu != 0) {
            w.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        w.endMessage();
    }

    /** Writes a kind's IFLA_INFO_DATA attributes (e.g. IFLA_IPTUN_* for ipip, IFLA_VXLAN_* for vxlan). */
    @FunctionalInterface
    public interface InfoData {
        void write(NetlinkWriter w);
    }

    /**
     * {@code ip link add NAME [mtu M] type KIND [kind options]}; {@code data} may be null for kinds
     * without options, {@code mtu} 0 for the kind's default.
     */
    public static void writeAdd(NetlinkWriter w, String name, String kind, int mtu, InfoData data, int seq) {
        w.beginMessage(Rtnl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL, seq);
        ifinfomsg(w, 0, 0, 0);
        w.attrString(Rtnl.IFLA_IFNAME, name);
        if (mtu != 0) {
            w.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        int info = w.beginNested(Rtnl.IFLA_LINKINFO);
        w.attrString(Rtnl.IFLA_INFO_KIND, kind);
        if (data != null) {
            int d = w.beginNested(Rtnl.IFLA_INFO_DATA);
            data.write(w);
            w.endNested(d);
        }
        w.endNested(info);
        w.endMessage();
    }

    /** {@code ip link add NAME type veth peer name PEER}. */
    public static void writeAddVeth(NetlinkWriter w, String name, String peer, int seq) {
        w.beginMessage(Rtnl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL, seq);
        ifinfomsg(w, 0, 0, 0);
        w.attrString(Rtnl.IFLA_IFNAME, name);
        int info = w.beginNested(Rtnl.IFLA_LINKINFO);
        w.attrString(Rtnl.IFLA_INFO_KIND, "veth");
        int data = w.beginNested(Rtnl.IFLA_INFO_DATA);
        int p = w.beginNested(VETH_INFO_PEER);
        ifinfomsg(w, 0, 0, 0);
        w.attrString(Rtnl.IFLA_IFNAME, peer);
        w.endNested(p);
        w.endNested(data);
        w.endNested(info);
        w.endMessage();
    }

    /** {@code ip link del dev #INDEX}. */
    public static void writeDelete(NetlinkWriter w, int index, int seq) {
        w.beginMessage(Rtnl.RTM_DELLINK, Nl.F_REQUEST | Nl.F_ACK, seq);
        ifinfomsg(w, index, 0, 0);
        w.endMessage();
    }

    public static Link parse(ByteBuffer b, int at) {
        try {
            return parseUnchecked(b, at);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedMessageException("bad Link message at " + at + ": " + e.getMessage());
        }
    }

    private static Link parseUnchecked(ByteBuffer b, int at) {
        int len = MessageHeader.length(b, at);
        int body = at + Nl.HDRLEN;
        if (len < Nl.HDRLEN + Rtnl.IFINFOMSG_LEN) {
            throw new MalformedMessageException("short ifinfomsg " + len);
        }
        int index = b.getInt(body + 4);
        int flags = b.getInt(body + 8);
        AttributeTable t = AttributeTable.parse(b, body + Rtnl.IFINFOMSG_LEN, at + len, Rtnl.IFLA_MAX);
        String kind = "";
        if (t.has(Rtnl.IFLA_LINKINFO)) {
            AttributeTable info = t.nested(Rtnl.IFLA_LINKINFO, Rtnl.IFLA_INFO_MAX);
            if (info.has(Rtnl.IFLA_INFO_KIND)) {
                kind = info.string(Rtnl.IFLA_INFO_KIND);
            }
        }
        return new Link(
                index,
                t.has(Rtnl.IFLA_IFNAME) ? t.string(Rtnl.IFLA_IFNAME) : "",
                t.u32(Rtnl.IFLA_MTU, 0),
                flags,
                kind,
                t.u32(Rtnl.IFLA_MASTER, 0));
    }
}
