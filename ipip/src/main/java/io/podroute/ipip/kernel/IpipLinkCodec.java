package io.podroute.ipip.kernel;

import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

/**
 * RTM_NEWLINK for an ipip device, byte for byte what iproute2 6.1 sends for {@code ip link add
 * NAME type ipip mode ipip [local A] remote any ttl inherit pmtudisc}. It differs from the generic
 * {@code LinkCodec.writeAdd} of route-programmer in one place: iproute2 writes IFLA_INFO_KIND
 * without a terminating NUL ("ipip", 8-byte attribute), the generic writer with one (9 bytes); the
 * kernel accepts both, and this module's golden test pins the iproute2 form.
 *
 * <pre>
 *  nlmsghdr  RTM_NEWLINK, REQUEST|ACK|CREATE|EXCL
 *  ifinfomsg all zero (new device)
 *  IFLA_IFNAME  "NAME\0"
 *  IFLA_LINKINFO { IFLA_INFO_KIND "ipip", IFLA_INFO_DATA { IFLA_IPTUN_* (see IpipLinkOptions) } }
 * </pre>
 */
public final class IpipLinkCodec {
    private IpipLinkCodec() {}

    public static void writeAdd(NetlinkWriter w, String name, Inet4Address local, int seq) {
        w.beginMessage(Rtnl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL, seq);
        w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
        w.attrString(Rtnl.IFLA_IFNAME, name);
        int info = w.beginNested(Rtnl.IFLA_LINKINFO);
        w.attrBytes(Rtnl.IFLA_INFO_KIND, IpipLinkOptions.KIND.getBytes(StandardCharsets.US_ASCII));
        int data = w.beginNested(Rtnl.IFLA_INFO_DATA);
        new IpipLinkOptions(local).write(w);
        w.endNested(data);
        w.endNested(info);
        w.endMessage();
    }
}
