package io.podroute.routes;

/** rtm_type values (linux/rtnetlink.h, RTN_*). */
public enum RouteType {
    UNSPEC(0),
    UNICAST(1),
    LOCAL(2),
    BROADCAST(3),
    ANYCAST(4),
    MULTICAST(5),
    BLACKHOLE(6),
    UNREACHABLE(7),
    PROHIBIT(8),
    THROW(9),
    NAT(10),
    XRESOLVE(11);

    private static final RouteType[] BY_CODE = values();

    private final int code;

    RouteType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for {@code code}; codes beyond RTN_MAX map to UNSPEC (we never own such routes). */
    public static RouteType valueOf(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNSPEC;
    }
}
