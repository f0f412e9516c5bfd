package io.podroute.netlink.ops;

import io.podroute.netlink.wire.AttributeTable;
import io.podroute.netlink.wire.MalformedMessageException;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Addresses;
import io.podroute.routes.NexthopObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RTM_NEWNEXTHOP / DELNEXTHOP / GETNEXTHOP bodies (linux/nexthop.h), attribute order as iproute2.
 *
 * <pre>
 *  struct nhmsg { u8 family, scope, protocol, resvd; u32 flags; }
 *  NHA_GROUP: array of struct nexthop_grp { u32 id; u8 weight (weight-1); u8 resvd1; u16 resvd2; }
 * </pre>
 */
public final class NexthopCodec {
    private NexthopCodec() {}

    public static void writeNew(NetlinkWriter w, NexthopObject nh, int flags, int seq) {
        w.beginMessage(Rtnl.RTM_NEWNEXTHOP, Nl.F_REQUEST | Nl.F_ACK | flags, seq);
        nhmsg(w, nh.family(), nh.protocol(), nh.onlink() ? Rtnl.RTNH_F_ONLINK : 0);
        w.attrU32(Rtnl.NHA_ID, nh.id());
        if (nh.isGroup()) {
            int g = w.beginNested(Rtnl.NHA_GROUP);
            for (NexthopObject.Member m : nh.group()) {
                w.u32(m.id()).u8(m.weight() - 1).u8(0).u16(0);
            }
            w.endNested(g);
        }
        if (nh.blackhole()) {
            w.attrFlag(Rtnl.NHA_BLACKHOLE);
        }
        if (nh.gateway() != null) {
            w.attrBytes(Rtnl.NHA_GATEWAY, nh.gateway().getAddress());
        }
        if (nh.ifIndex() != 0) {
            w.attrU32(Rtnl.NHA_OIF, nh.ifIndex());
        }
        w.endMessage();
    }

    /** {@code ip nexthop del id ID}. */
    public static void writeDelete(NetlinkWriter w, int id, int seq) {
        w.beginMessage(Rtnl.RTM_DELNEXTHOP, Nl.F_REQUEST | Nl.F_ACK, seq);
        nhmsg(w, Rtnl.AF_UNSPEC, 0, 0);
        w.attrU32(Rtnl.NHA_ID, id);
        w.endMessage();
    }

    /** {@code ip nexthop show}: a dump of every object (filtered by protocol by the caller). */
    public static void writeDump(NetlinkWriter w, int seq) {
        w.beginMessage(Rtnl.RTM_GETNEXTHOP, Nl.F_REQUEST | Nl.F_DUMP, seq);
        nhmsg(w, Rtnl.AF_UNSPEC, 0, 0);
        w.endMessage();
    }

    private static void nhmsg(NetlinkWriter w, int family, int protocol, int flags) {
        w.u8(family).u8(0).u8(protocol).u8(0).u32(flags);
    }

    /** Parses an RTM_NEWNEXTHOP / RTM_DELNEXTHOP message at {@code at}. */
    public static NexthopObject parse(ByteBuffer b, int at) {
        try {
            return parseUnchecked(b, at);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedMessageException("bad NexthopObject message at " + at + ": " + e.getMessage());
        }
    }

    private static NexthopObject parseUnchecked(ByteBuffer b, int at) {
        int len = MessageHeader.length(b, at);
        int body = at + Nl.HDRLEN;
        if (len < Nl.HDRLEN + Rtnl.NHMSG_LEN) {
            throw new MalformedMessageException("short nhmsg " + len);
        }
        int protocol = Byte.toUnsignedInt(b.get(body + 2));
        int flags = b.getInt(body + 4);
        AttributeTable t = AttributeTable.parse(b, body + Rtnl.NHMSG_LEN, at + len, Rtnl.NHA_MAX);
        int id = t.u32(Rtnl.NHA_ID);
        if (t.has(Rtnl.NHA_GROUP)) {
            List<NexthopObject.Member> members = new ArrayList<>();
            for (int p = t.start(Rtnl.NHA_GROUP); p + Rtnl.NEXTHOP_GRP_LEN <= t.end(Rtnl.NHA_GROUP); ) {
                members.add(new NexthopObject.Member(b.getInt(p), Byte.toUnsignedInt(b.get(p + 4)) + 1));
                p += Rtnl.NEXTHOP_GRP_LEN;
            }
            return NexthopObject.group(id, protocol, members);
        }
        if (t.has(Rtnl.NHA_BLACKHOLE)) {
            return NexthopObject.blackhole(id, protocol);
        }
        return new NexthopObject(
                id,
                protocol,
                t.has(Rtnl.NHA_GATEWAY) ? Addresses.inet(t.bytes(Rtnl.NHA_GATEWAY)) : null,
                t.u32(Rtnl.NHA_OIF, 0),
                (flags & Rtnl.RTNH_F_ONLINK) != 0,
                false,
                List.of());
    }
}
