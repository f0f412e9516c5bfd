package io.podroute.ipip.kernel;

import io.podroute.netlink.ops.LinkCodec;
import io.podroute.netlink.wire.NetlinkWriter;
import java.net.Inet4Address;

/**
 * IFLA_INFO_DATA of an ipip link (include/uapi/linux/if_tunnel.h, IFLA_IPTUN_*), written in the
 * order iproute2 6.1 writes them for {@code ip link add NAME type ipip mode ipip [local A] remote any
 * ttl inherit pmtudisc}, so the request is byte-for-byte the one iproute2 sends.
 *
 * <pre>
 *  IFLA_IPTUN_PROTO     u8   4 (IPPROTO_IPIP, "mode ipip")
 *  IFLA_IPTUN_LOCAL     be32 local address (only if set; absent = any)
 *  IFLA_IPTUN_PMTUDISC  u8   1 (path MTU discovery on: outer DF set)
 *  IFLA_IPTUN_TOS       u8   0 (outer TOS 0; the kernel still copies ECN from the inner header)
 *  IFLA_IPTUN_TTL       u8   0 (inherit from the inner packet)
 *  IFLA_IPTUN_LINK      u32  0 (no bound underlay device)
 *  IFLA_IPTUN_FWMARK    u32  0
 *  IFLA_IPTUN_ENCAP_TYPE u16 0, ENCAP_FLAGS u16 0, ENCAP_SPORT be16 0, ENCAP_DPORT be16 0 (no FOU)
 * </pre>
 *
 * IFLA_IPTUN_REMOTE is absent: remote "any", one device for every peer, the outer destination taken
 * from the route's gateway (the {@code via PEER onlink} of each tunnelled block).
 */
public final class IpipLinkOptions implements LinkCodec.InfoData {
    public static final String KIND = "ipip";
    public static final int IFLA_IPTUN_LINK = 1;
    public static final int IFLA_IPTUN_LOCAL = 2;
    public static final int IFLA_IPTUN_REMOTE = 3;
    public static final int IFLA_IPTUN_TTL = 4;
    public static final int IFLA_IPTUN_TOS = 5;
    public static final int IFLA_IPTUN_PROTO = 9;
    public static final int IFLA_IPTUN_PMTUDISC = 10;
    public static final int IFLA_IPTUN_ENCAP_TYPE = 15;
    public static final int IFLA_IPTUN_ENCAP_FLAGS = 16;
    public static final int IFLA_IPTUN_ENCAP_SPORT = 17;
    public static final int IFLA_IPTUN_ENCAP_DPORT = 18;
    public static final int IFLA_IPTUN_FWMARK = 20;
    public static final int IPPROTO_IPIP = 4;

    private final Inet4Address local;

    /** Options with {@code local} as the pinned outer source, or null for any (the kernel picks by route). */
    public IpipLinkOptions(Inet4Address local) {
        this.local = local;
    }

    @Override
    public void write(NetlinkWriter w) {
        w.attrU8(IFLA_IPTUN_PROTO, IPPROTO_IPIP);
        if (local != null) {
            w.attrBytes(IFLA_IPTUN_LOCAL, local.getAddress());
        }
        w.attrU8(IFLA_IPTUN_PMTUDISC, 1);
        w.attrU8(IFLA_IPTUN_TOS, 0);
        w.attrU8(IFLA_IPTUN_TTL, 0);
        w.attrU32(IFLA_IPTUN_LINK, 0);
        w.attrU32(IFLA_IPTUN_FWMARK, 0);
        w.attrU16(IFLA_IPTUN_ENCAP_TYPE, 0);
        w.attrU16(IFLA_IPTUN_ENCAP_FLAGS, 0);
        w.attrBe16(IFLA_IPTUN_ENCAP_SPORT, 0);
        w.attrBe16(IFLA_IPTUN_ENCAP_DPORT, 0);
    }
}
