package io.podroute.netlink.ops;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Link;
import java.util.List;

/** Link operations on one handle; each names the `ip link` command it equals. */
public final class LinkOps {
    private final NetlinkHandle handle;

    public LinkOps(NetlinkHandle handle) {
        this.handle = handle;
    }

    /** {@code ip link show}. */
    public List<Link> list() throws NetlinkException {
        return handle.dump("dump links", (v, w, seq) -> LinkCodec.writeGet(w, null, seq), LinkCodec::parse);
    }

    /** {@code ip link show dev NAME}; ENODEV if there is none. */
    public Link get(String name) throws NetlinkException {
        return handle.query("get link " + name, (v, w, seq) -> LinkCodec.writeGet(w, name, seq), LinkCodec::parse);
    }

    /** {@code ip link set dev NAME up|down}. */
    public void setUp(int index, boolean up) throws NetlinkException {
        handle.execute(
                "set link #" + index + (up ? " up" : " down"), (v, w, seq) -> LinkCodec.writeSet(w, index, up, 0, seq));
    }

    /** {@code ip link set dev NAME mtu M} (state unchanged: the up flag is re-sent as it is). */
    public void setMtu(Link link, int mtu) throws NetlinkException {
        handle.execute(
                "set link " + link.name() + " mtu " + mtu,
                (v, w, seq) -> LinkCodec.writeSet(w, link.index(), link.isUp(), mtu, seq));
    }

    /** {@code ip link add NAME type KIND}; EOPNOTSUPP if the kernel lacks that kind. */
    public void add(String name, String kind) throws NetlinkException {
        add(name, kind, 0, null);
    }

    /**
     * {@code ip link add NAME mtu M type KIND ...} with the kind's options written by {@code data}
     * into IFLA_INFO_DATA (e.g. {@code ip link add tunl1 type ipip local A} for the ipip module).
     */
    public void add(String name, String kind, int mtu, LinkCodec.InfoData data) throws NetlinkException {
        handle.execute(
                "add link " + name + " type " + kind, (v, w, seq) -> LinkCodec.writeAdd(w, name, kind, mtu, data, seq));
    }

    /** {@code ip link add NAME type veth peer name PEER}. */
    public void addVeth(String name, String peer) throws NetlinkException {
        handle.execute("add veth " + name + "/" + peer, (v, w, seq) -> LinkCodec.writeAddVeth(w, name, peer, seq));
    }

    /** {@code ip link del dev #INDEX}. */
    public void delete(int index) throws NetlinkException {
        handle.execute("delete link #" + index, (v, w, seq) -> LinkCodec.writeDelete(w, index, seq));
    }
}
