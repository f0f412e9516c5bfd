package io.podroute.netlink.ops;

import io.podroute.netlink.wire.AttributeTable;
import io.podroute.netlink.wire.MalformedMessageException;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE bodies: struct rtmsg then attributes, in the order
 * iproute2 writes them for {@code ip route add DST metric M via GW dev D mtu N}, so our requests
 * compare byte for byte with iproute2's (see RouteCodecTest).
 *
 * <pre>
 *  struct rtmsg { u8 family, dst_len, src_len, tos; u8 table, protocol, scope, type; u32 flags; }
 * </pre>
 */
public final class RouteCodec {
    /** rtm_flags: answer a lookup with the FIB entry rather than a cloned result. */
    public static final int RTM_F_FIB_MATCH = 0x2000;

    private static final int KNOWN_FLAGS = Rtnl.RTNH_F_ONLINK;

    private RouteCodec() {}

    /** Writes a NEWROUTE message for {@code r}; {@code flags} picks add, replace or append. */
    public static void writeNew(NetlinkWriter w, Route r, int flags, int seq) {
        writeNew(w, r, flags, seq, new GatewayBytes());
    }

    /** As {@link #writeNew(NetlinkWriter, Route, int, int)}, sharing gateway bytes across a batch. */
    static void writeNew(NetlinkWriter w, Route r, int flags, int seq, GatewayBytes gateways) {
        w.beginMessage(Rtnl.RTM_NEWROUTE, Nl.F_REQUEST | Nl.F_ACK | flags, seq);
        rtmsg(
                w,
                r.family(),
                r.dst().length(),
                r.table(),
                r.protocol(),
                r.scope(),
                r.type().code(),
                routeFlags(r));
        if (r.table() >= 256) {
            w.attrU32(Rtnl.RTA_TABLE, r.table());
        }
        writeDst(w, r);
        if (r.priority() != 0) {
            w.attrU32(Rtnl.RTA_PRIORITY, r.priority());
        }
        if (r.gateway() != null) {
            w.attrBytes(Rtnl.RTA_GATEWAY, gateways.of(r.gateway()));
        }
        if (r.nexthopId() != 0) {
            w.attrU32(Rtnl.RTA_NH_ID, r.nexthopId());
        }
        if (r.ifIndex() != 0) {
            w.attrU32(Rtnl.RTA_OIF, r.ifIndex());
        }
        if (r.mtu() != 0 || r.advmss() != 0) {
            int m = w.beginNested(Rtnl.RTA_METRICS);
            if (r.mtu() != 0) {
                w.attrU32(Rtnl.RTAX_MTU, r.mtu());
            }
            if (r.advmss() != 0) {
                w.attrU32(Rtnl.RTAX_ADVMSS, r.advmss());
            }
            w.endNested(m);
        }
        if (!r.multipath().isEmpty()) {
            writeMultipath(w, r.multipath());
        }
        w.endMessage();
    }

    /**
     * Writes a DELROUTE for the route's key, restricted to its protocol: the kernel then refuses to
     * delete a route of another protocol with the same key (ESRCH), so a foreign route is never hit.
     */
    public static void writeDelete(NetlinkWriter w, Route r, int seq) {
        w.beginMessage(Rtnl.RTM_DELROUTE, Nl.F_REQUEST | Nl.F_ACK, seq);
        int type = r.type() == RouteType.UNICAST ? 0 : r.type().code();
        rtmsg(w, r.family(), r.dst().length(), r.table(), r.protocol(), Rtnl.RT_SCOPE_NOWHERE, type, 0);
        if (r.table() >= 256) {
            w.attrU32(Rtnl.RTA_TABLE, r.table());
        }
        writeDst(w, r);
        if (r.priority() != 0) {
            w.attrU32(Rtnl.RTA_PRIORITY, r.priority());
        }
        w.endMessage();
    }

    /**
     * A dump request for one family (or AF_UNSPEC). With NETLINK_GET_STRICT_CHK the kernel filters
     * by table and protocol itself; callers filter again, for kernels that ignore the header.
     */
    public static void writeDump(NetlinkWriter w, int family, int table, int protocol, int seq) {
        w.beginMessage(Rtnl.RTM_GETROUTE, Nl.F_REQUEST | Nl.F_DUMP, seq);
        rtmsg(w, family, 0, table < 256 ? table : 0, protocol, 0, 0, 0);
        if (table >= 256) {
            w.attrU32(Rtnl.RTA_TABLE, table);
        }
        w.endMessage();
    }

    /** {@code ip route get fibmatch DST}: the FIB entry that would forward to {@code dst}. */
    public static void writeLookup(NetlinkWriter w, Prefix dst, int seq) {
        w.beginMessage(Rtnl.RTM_GETROUTE, Nl.F_REQUEST, seq);
        rtmsg(w, dst.family(), dst.length(), 0, 0, 0, 0, RTM_F_FIB_MATCH);
        w.attrBytes(Rtnl.RTA_DST, dst.address());
        w.endMessage();
    }

    /** RTA_DST straight from the prefix's bytes: no copy, as this runs once per route in a batch. */
    private static void writeDst(NetlinkWriter w, Route r) {
        int a = w.beginNested(Rtnl.RTA_DST);
        r.dst().writeAddress(w.buffer());
        w.endNested(a);
    }

    private static void rtmsg(
            NetlinkWriter w, int family, int dstLen, int table, int protocol, int scope, int type, int flags) {
        w.u8(family).u8(dstLen).u8(0).u8(0);
        w.u8(table < 256 ? table : Rtnl.RT_TABLE_UNSPEC).u8(protocol).u8(scope).u8(type);
        w.u32(flags);
    }

    private static int routeFlags(Route r) {
        return r.onlink() ? Rtnl.RTNH_F_ONLINK : 0;
    }

    private static void writeMultipath(NetlinkWriter w, List<NextHop> hops) {
        int mp = w.beginNested(Rtnl.RTA_MULTIPATH);
        ByteBuffer b = w.buffer();
        for (NextHop nh : hops) {
            int start = b.position();
            w.u16(0)
                    .u8(nh.onlink() ? Rtnl.RTNH_F_ONLINK : 0)
                    .u8(nh.weight() - 1)
                    .u32(nh.ifIndex());
            if (nh.gateway() != null) {
                w.attrBytes(Rtnl.RTA_GATEWAY, nh.gateway().getAddress());
            }
            b.putShort(start, (short) (b.position() - start));
        }
        w.endNested(mp);
    }

    /**
     * Parses the RTM_NEWROUTE / RTM_DELROUTE message at {@code at}; returns null for cached clones
     * (RTM_F_CLONED), which are never podroute's.
     */
    public static Route parse(ByteBuffer b, int at) {
        try {
            return parseUnchecked(b, at);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedMessageException("bad Route message at " + at + ": " + e.getMessage());
        }
    }

    private static Route parseUnchecked(ByteBuffer b, int at) {
        int len = MessageHeader.length(b, at);
        int body = at + Nl.HDRLEN;
        if (len < Nl.HDRLEN + Rtnl.RTMSG_LEN) {
            throw new MalformedMessageException("short rtmsg " + len);
        }
        int family = Byte.toUnsignedInt(b.get(body));
        int dstLen = Byte.toUnsignedInt(b.get(body + 1));
        int flags = b.getInt(body + 8);
        if ((flags & Rtnl.RTM_F_CLONED) != 0 || (family != Rtnl.AF_INET && family != Rtnl.AF_INET6)) {
            return null;
        }
        AttributeTable t = AttributeTable.parse(b, body + Rtnl.RTMSG_LEN, at + len, Rtnl.RTA_MAX);
        byte[] dst = t.has(Rtnl.RTA_DST) ? t.bytes(Rtnl.RTA_DST) : new byte[family == Rtnl.AF_INET ? 4 : 16];
        Route.Builder r = Route.builder(Prefix.of(dst, dstLen))
                .table(t.u32(Rtnl.RTA_TABLE, Byte.toUnsignedInt(b.get(body + 4))))
                .protocol(Byte.toUnsignedInt(b.get(body + 5)))
                .scope(Byte.toUnsignedInt(b.get(body + 6)))
                .type(RouteType.valueOf(Byte.toUnsignedInt(b.get(body + 7))))
                .priority(t.u32(Rtnl.RTA_PRIORITY, 0))
                .onlink((flags & KNOWN_FLAGS) != 0);
        int nhid = t.u32(Rtnl.RTA_NH_ID, 0);
        if (nhid != 0) {
            r.nexthopId(nhid);
        } else {
            if (t.has(Rtnl.RTA_GATEWAY)) {
                r.gateway(Addresses.inet(t.bytes(Rtnl.RTA_GATEWAY)));
            }
            r.ifIndex(t.u32(Rtnl.RTA_OIF, 0));
            if (t.has(Rtnl.RTA_MULTIPATH)) {
                r.multipath(parseMultipath(b, t.start(Rtnl.RTA_MULTIPATH), t.end(Rtnl.RTA_MULTIPATH)));
            }
        }
        if (t.has(Rtnl.RTA_METRICS)) {
            AttributeTable m = t.nested(Rtnl.RTA_METRICS, Rtnl.RTAX_MAX);
            r.mtu(m.u32(Rtnl.RTAX_MTU, 0)).advmss(m.u32(Rtnl.RTAX_ADVMSS, 0));
        }
        return r.build();
    }

    private static List<NextHop> parseMultipath(ByteBuffer b, int start, int end) {
        List<NextHop> hops = new ArrayList<>();
        int pos = start;
        while (pos + Rtnl.RTNEXTHOP_LEN <= end) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            if (len < Rtnl.RTNEXTHOP_LEN || pos + len > end) {
                throw new MalformedMessageException("rtnexthop length " + len);
            }
            int flags = Byte.toUnsignedInt(b.get(pos + 2));
            int weight = Byte.toUnsignedInt(b.get(pos + 3)) + 1;
            int ifIndex = b.getInt(pos + 4);
            AttributeTable t = AttributeTable.parse(b, pos + Rtnl.RTNEXTHOP_LEN, pos + len, Rtnl.RTA_MAX);
            InetAddress gw = t.has(Rtnl.RTA_GATEWAY) ? Addresses.inet(t.bytes(Rtnl.RTA_GATEWAY)) : null;
            hops.add(new NextHop(gw, ifIndex, weight, (flags & Rtnl.RTNH_F_ONLINK) != 0));
            pos += Nl.align(len);
        }
        return hops;
    }
}
