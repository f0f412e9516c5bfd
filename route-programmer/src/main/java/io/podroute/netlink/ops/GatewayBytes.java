package io.podroute.netlink.ops;

import java.net.InetAddress;

/**
 * Remembers the bytes of the last gateway written. Routes through one peer share one InetAddress
 * instance, so a batch writes them without a copy per route (InetAddress.getAddress() clones).
 * Confined to one batch on one thread.
 */
final class GatewayBytes {
    private InetAddress last;
    private byte[] bytes;

    byte[] of(InetAddress a) {
        if (last == null || !last.equals(a)) {
            last = a;
            bytes = a.getAddress();
        }
        return bytes;
    }
}
