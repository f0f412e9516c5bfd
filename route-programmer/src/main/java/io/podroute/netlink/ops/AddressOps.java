package io.podroute.netlink.ops;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.wire.Nl;
import io.podroute.routes.InterfaceAddress;
import java.util.List;

/** Address operations on one handle; each names the `ip addr` command it equals. */
public final class AddressOps {
    private final NetlinkHandle handle;

    public AddressOps(NetlinkHandle handle) {
        this.handle = handle;
    }

    /** {@code ip addr add A/L dev D} (IPv6 with {@code nodad}). */
    public void add(InterfaceAddress a) throws NetlinkException {
        handle.execute("add address " + a, (v, w, seq) -> AddressCodec.writeNew(w, a, Nl.F_CREATE | Nl.F_EXCL, seq));
    }

    /** {@code ip addr replace A/L dev D}. */
    public void replace(InterfaceAddress a) throws NetlinkException {
        handle.execute(
                "replace address " + a, (v, w, seq) -> AddressCodec.writeNew(w, a, Nl.F_CREATE | Nl.F_REPLACE, seq));
    }

    /** {@code ip addr del A/L dev D}. */
    public void delete(InterfaceAddress a) throws NetlinkException {
        handle.execute("delete address " + a, (v, w, seq) -> AddressCodec.writeDelete(w, a, seq));
    }

    /** {@code ip [-4|-6] addr show}; family AF_UNSPEC for both. */
    public List<InterfaceAddress> list(int family) throws NetlinkException {
        return handle.dump(
                "dump addresses", (v, w, seq) -> AddressCodec.writeDump(w, family, seq), AddressCodec::parse);
    }
}
