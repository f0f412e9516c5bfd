package io.podroute.netlink.ops;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import java.util.List;
import java.util.function.Consumer;

/**
 * Route operations on one handle. Add, replace, append and delete differ only in message type and
 * flags; each method names the `ip` command it equals.
 */
public final class RouteOps {
    /** Any table / any protocol in {@link #list}. */
    public static final int ANY = -1;

    private final NetlinkHandle handle;

    public RouteOps(NetlinkHandle handle) {
        this.handle = handle;
    }

    /** {@code ip route add ...}: fails with EEXIST if a route with the same key exists. */
    public void add(Route r) throws NetlinkException {
        handle.execute("add " + r, (v, w, seq) -> RouteCodec.writeNew(w, r, Nl.F_CREATE | Nl.F_EXCL, seq));
    }

    /** {@code ip route replace ...}: creates the route or replaces the one with the same key. */
    public void replace(Route r) throws NetlinkException {
        handle.execute("replace " + r, (v, w, seq) -> RouteCodec.writeNew(w, r, Nl.F_CREATE | Nl.F_REPLACE, seq));
    }

    /** {@code ip route append ...}: adds a sibling path (IPv6 ECMP built one path at a time). */
    public void append(Route r) throws NetlinkException {
        handle.execute("append " + r, (v, w, seq) -> RouteCodec.writeNew(w, r, Nl.F_CREATE | Nl.F_APPEND, seq));
    }

    /**
     * {@code ip route del DST table T metric M proto P}: deletes by key, and only a route of the
     * given protocol (ESRCH otherwise).
     */
    public void delete(Route r) throws NetlinkException {
        handle.execute("delete " + r, (v, w, seq) -> RouteCodec.writeDelete(w, r, seq));
    }

    /** {@code ip route get fibmatch DST}: the FIB entry that matches {@code dst}. */
    public Route lookup(Prefix dst) throws NetlinkException {
        return handle.query("get " + dst, (v, w, seq) -> RouteCodec.writeLookup(w, dst, seq), RouteCodec::parse);
    }

    /**
     * {@code ip [-4|-6] route show table T proto P}: dumps routes of {@code family} (AF_UNSPEC for
     * both), keeping those of {@code table} and {@code protocol} ({@link #ANY} for all). An
     * interrupted dump is retried from the start.
     */
    public List<Route> list(int family, int table, int protocol) throws NetlinkException {
        return handle.dump("dump routes", dumpRequest(family, table, protocol), matching(table, protocol));
    }

    /**
     * As {@link #list}, but streams: each matching route goes to {@code sink} as the dump is read,
     * and the number delivered is returned. Nothing of the whole table is held, so this is the one to
     * use on large tables. Unlike {@link #list} an interrupted dump is not retried: it fails with
     * EAGAIN after delivering part of the table (see {@link NetlinkHandle#dump(String,
     * NetlinkHandle.Encoder, NetlinkHandle.Parser, Consumer)}); and the sink runs under the handle's
     * lock, so it must not use the handle.
     */
    public int forEach(int family, int table, int protocol, Consumer<? super Route> sink) throws NetlinkException {
        return handle.dump("dump routes", dumpRequest(family, table, protocol), matching(table, protocol), sink);
    }

    private static NetlinkHandle.Encoder<Void> dumpRequest(int family, int table, int protocol) {
        int tableFilter = table == ANY ? Rtnl.RT_TABLE_UNSPEC : table;
        int protoFilter = protocol == ANY ? 0 : protocol;
        return (v, w, seq) -> RouteCodec.writeDump(w, family, tableFilter, protoFilter, seq);
    }

    /** Parses a dumped route; kernels without strict dump checking ignore the filters, so they are applied here too. */
    private static NetlinkHandle.Parser<Route> matching(int table, int protocol) {
        return (buf, at) -> {
            Route r = RouteCodec.parse(buf, at);
            boolean keep =
                    r != null && (table == ANY || r.table() == table) && (protocol == ANY || r.protocol() == protocol);
            return keep ? r : null;
        };
    }

    /** Batched {@code ip route replace} (as {@code ip -batch}, but many requests per sendmsg). */
    public List<NetlinkHandle.Failure<Route>> replaceAll(List<Route> routes) throws NetlinkException {
        GatewayBytes gateways = new GatewayBytes();
        return handle.batch(
                "replace", routes, (r, w, seq) -> RouteCodec.writeNew(w, r, Nl.F_CREATE | Nl.F_REPLACE, seq, gateways));
    }

    /** Batched {@code ip route add}. */
    public List<NetlinkHandle.Failure<Route>> addAll(List<Route> routes) throws NetlinkException {
        GatewayBytes gateways = new GatewayBytes();
        return handle.batch(
                "add", routes, (r, w, seq) -> RouteCodec.writeNew(w, r, Nl.F_CREATE | Nl.F_EXCL, seq, gateways));
    }

    /** Batched {@code ip route del}. */
    public List<NetlinkHandle.Failure<Route>> deleteAll(List<Route> routes) throws NetlinkException {
        return handle.batch("delete", routes, (r, w, seq) -> RouteCodec.writeDelete(w, r, seq));
    }
}
