package io.podroute.netlink.wire;

/** Netlink core constants (linux/netlink.h). Host byte order, 4-byte alignment. */
public final class Nl {
    private Nl() {}

    public static final int HDRLEN = 16;
    public static final int ATTR_HDRLEN = 4;
    public static final int ALIGNTO = 4;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int F_REQUEST = 0x1;
    public static final int F_MULTI = 0x2;
    public static final int F_ACK = 0x4;
    public static final int F_ECHO = 0x8;
    public static final int F_DUMP_INTR = 0x10;
    /** GET requests: return the whole table. */
    public static final int F_DUMP = 0x300;
    /** NEW requests: replace an existing object. */
    public static final int F_REPLACE = 0x100;
    /** NEW requests: fail with EEXIST if the object exists. */
    public static final int F_EXCL = 0x200;
    /** NEW requests: create if missing. */
    public static final int F_CREATE = 0x400;
    /** NEW requests: append (ECMP sibling). */
    public static final int F_APPEND = 0x800;
    /** ACK flags: the request was not echoed back (NETLINK_CAP_ACK). */
    public static final int F_CAPPED = 0x100;
    /** ACK flags: extended-ACK TLVs follow. */
    public static final int F_ACK_TLVS = 0x200;

    /** NLA type bits that are flags, not part of the type. */
    public static final int NLA_F_NESTED = 0x8000;

    public static final int NLA_TYPE_MASK = 0x3fff;

    /** enum nlmsgerr_attrs. */
    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final int NLMSGERR_ATTR_OFFS = 2;

    /** Socket options at SOL_NETLINK. */
    public static final int SOL_NETLINK = 270;

    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_NO_ENOBUFS = 5;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    public static final int NETLINK_ROUTE = 0;

    public static int align(int len) {
        return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }
}
