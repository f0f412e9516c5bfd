package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;

/**
 * What the RIB keeps per source of paths: the session's {@link PeerInfo}, its index in the path store,
 * and its counters. Index 0 is the local speaker (locally originated routes). Family index 0 is IPv4
 * unicast, 1 IPv6 unicast. Mutable, owned by {@link Rib} on its event loop.
 */
final class PeerState {
    final int index;
    PeerInfo info;
    byte[] addressBytes;
    long updates;
    long treatAsWithdraw;
    final long[] announced = new long[2];
    final long[] withdrawn = new long[2];
    final long[] rejected = new long[2];
    final int[] accepted = new int[2];

    PeerState(int index, PeerInfo info) {
        this.index = index;
        setInfo(info);
    }

    void setInfo(PeerInfo info) {
        this.info = info;
        this.addressBytes = info.address().getAddress();
    }

    PeerCounters counters() {
        return new PeerCounters(
                info.address(),
                updates,
                treatAsWithdraw,
                announced[0],
                announced[1],
                withdrawn[0],
                withdrawn[1],
                rejected[0],
                rejected[1],
                accepted[0],
                accepted[1]);
    }
}
