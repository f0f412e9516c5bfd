package io.podroute.netlink.wire;

/** rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, nexthop.h). */
public final class Rtnl {
    private Rtnl() {}

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEXTHOP = 104;
    public static final int RTM_DELNEXTHOP = 105;
    public static final int RTM_GETNEXTHOP = 106;

    /** sizeof(struct rtmsg). */
    public static final int RTMSG_LEN = 12;
    /** sizeof(struct ifinfomsg). */
    public static final int IFINFOMSG_LEN = 16;
    /** sizeof(struct ifaddrmsg). */
    public static final int IFADDRMSG_LEN = 8;
    /** sizeof(struct nhmsg). */
    public static final int NHMSG_LEN = 8;
    /** sizeof(struct rtnexthop). */
    public static final int RTNEXTHOP_LEN = 8;

    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_METRICS = 8;
    public static final int RTA_MULTIPATH = 9;
    public static final int RTA_TABLE = 15;
    public static final int RTA_NH_ID = 30;
    public static final int RTA_MAX = 31;

    public static final int RTAX_MTU = 2;
    public static final int RTAX_ADVMSS = 8;
    public static final int RTAX_MAX = 17;

    public static final int RTPROT_UNSPEC = 0;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;

    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_SCOPE_NOWHERE = 255;

    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;

    /** rtm_flags / rtnh_flags. */
    public static final int RTNH_F_DEAD = 1;

    public static final int RTNH_F_ONLINK = 4;
    public static final int RTNH_F_LINKDOWN = 16;

    /** rtm_flags: the route is a cache clone (never ours). */
    public static final int RTM_F_CLONED = 0x200;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_MAX = 64;
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_MAX = 5;

    public static final int IFF_UP = 0x1;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_MAX = 12;

    public static final int NHA_ID = 1;
    public static final int NHA_GROUP = 2;
    public static final int NHA_GROUP_TYPE = 3;
    public static final int NHA_BLACKHOLE = 4;
    public static final int NHA_OIF = 5;
    public static final int NHA_GATEWAY = 6;
    public static final int NHA_MAX = 16;

    /** sizeof(struct nexthop_grp). */
    public static final int NEXTHOP_GRP_LEN = 8;

    /** Multicast groups for bind(2) nl_groups (legacy bit masks). */
    public static final int RTMGRP_LINK = 0x1;

    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV4_ROUTE = 0x40;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    public static final int RTMGRP_IPV6_ROUTE = 0x400;
    /** Group number (not mask) for NETLINK_ADD_MEMBERSHIP. */
    public static final int RTNLGRP_NEXTHOP = 32;
}
