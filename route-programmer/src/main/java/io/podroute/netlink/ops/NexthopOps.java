package io.podroute.netlink.ops;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.wire.Nl;
import io.podroute.routes.NexthopObject;
import java.util.ArrayList;
import java.util.List;

/** Nexthop-object operations on one handle; each names the `ip nexthop` command it equals. */
public final class NexthopOps {
    private final NetlinkHandle handle;

    public NexthopOps(NetlinkHandle handle) {
        this.handle = handle;
    }

    /** {@code ip nexthop add id N via GW dev D proto P} (or {@code group A/B,w}, {@code blackhole}). */
    public void add(NexthopObject nh) throws NetlinkException {
        handle.execute("nexthop add " + nh, (v, w, seq) -> NexthopCodec.writeNew(w, nh, Nl.F_CREATE | Nl.F_EXCL, seq));
    }

    /** {@code ip nexthop replace ...}: routes using the id follow the new definition at once. */
    public void replace(NexthopObject nh) throws NetlinkException {
        handle.execute(
                "nexthop replace " + nh, (v, w, seq) -> NexthopCodec.writeNew(w, nh, Nl.F_CREATE | Nl.F_REPLACE, seq));
    }

    /** {@code ip nexthop del id N}: the kernel also deletes every route that uses it. */
    public void delete(int id) throws NetlinkException {
        handle.execute("nexthop del id " + id, (v, w, seq) -> NexthopCodec.writeDelete(w, id, seq));
    }

    /** {@code ip nexthop show [proto P]}; {@link RouteOps#ANY} for every protocol. */
    public List<NexthopObject> list(int protocol) throws NetlinkException {
        List<NexthopObject> all =
                handle.dump("dump nexthops", (v, w, seq) -> NexthopCodec.writeDump(w, seq), NexthopCodec::parse);
        if (protocol == RouteOps.ANY) {
            return all;
        }
        List<NexthopObject> out = new ArrayList<>();
        for (NexthopObject nh : all) {
            if (nh.protocol() == protocol) {
                out.add(nh);
            }
        }
        return out;
    }

    /** Batched {@code ip nexthop replace}. */
    public List<NetlinkHandle.Failure<NexthopObject>> replaceAll(List<NexthopObject> objects) throws NetlinkException {
        return handle.batch(
                "nexthop replace",
                objects,
                (nh, w, seq) -> NexthopCodec.writeNew(w, nh, Nl.F_CREATE | Nl.F_REPLACE, seq));
    }

    /** Batched {@code ip nexthop del}. */
    public List<NetlinkHandle.Failure<Integer>> deleteAll(List<Integer> ids) throws NetlinkException {
        return handle.batch("nexthop del", ids, (id, w, seq) -> NexthopCodec.writeDelete(w, id, seq));
    }
}
