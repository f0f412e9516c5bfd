package io.podroute.ipip.userspace;

import io.podroute.netlink.error.NetlinkException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A TUN device (IFF_TUN | IFF_NO_PI: each read/write is one bare IP packet, preceded by a
 * virtio_net_hdr with IFF_VNET_HDR and offloads), non-blocking. It
 * lives in the network namespace of the thread that opened /dev/net/tun and disappears, with its
 * routes, when the descriptor is closed.
 */
final class TunDevice implements AutoCloseable {
    final int fd;
    final String name;
    /** Whether each read/write starts with a virtio_net_hdr and TSO/checksum offload is on. */
    final boolean offloads;

    private TunDevice(int fd, String name, boolean offloads) {
        this.fd = fd;
        this.name = name;
        this.offloads = offloads;
    }

    /**
     * {@code ip tuntap add NAME mode tun} (without persist) and {@code ip link set NAME txqueuelen
     * Q}, in the calling thread's network namespace.
     */
    static TunDevice create(String name, int txQueueLength, boolean offloads) throws NetlinkException {
        int fd = Sys.LIBC.open("/dev/net/tun", Sys.O_RDWR | Sys.O_NONBLOCK | Sys.O_CLOEXEC);
        if (fd < 0) {
            throw Sys.lastError("open(/dev/net/tun)");
        }
        try {
            ByteBuffer ifr = ifreq(name);
            short flags = (short) (Sys.IFF_TUN | Sys.IFF_NO_PI | (offloads ? Sys.IFF_VNET_HDR : 0));
            ifr.putShort(Sys.IFNAMSIZ, flags);
            if (Sys.LIBC.ioctl(fd, Sys.TUNSETIFF, ifr) < 0) {
                throw Sys.lastError("ioctl(TUNSETIFF " + name + ")");
            }
            if (offloads && Sys.LIBC.ioctl(fd, Sys.TUNSETOFFLOAD, (long) (Sys.TUN_F_CSUM | Sys.TUN_F_TSO4)) < 0) {
                throw Sys.lastError("ioctl(TUNSETOFFLOAD " + name + " csum,tso4)");
            }
            setTxQueueLength(name, txQueueLength);
            return new TunDevice(fd, name, offloads);
        } catch (NetlinkException | RuntimeException e) {
            Sys.LIBC.close(fd);
            throw e;
        }
    }

    private static void setTxQueueLength(String name, int length) throws NetlinkException {
        int s = Sys.LIBC.socket(Sys.AF_INET, Sys.SOCK_DGRAM | Sys.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw Sys.lastError("socket(AF_INET, SOCK_DGRAM)");
        }
        try {
            ByteBuffer ifr = ifreq(name);
            ifr.putInt(Sys.IFNAMSIZ, length);
            if (Sys.LIBC.ioctl(s, Sys.SIOCSIFTXQLEN, ifr) < 0) {
                throw Sys.lastError("ioctl(SIOCSIFTXQLEN " + name + " " + length + ")");
            }
        } finally {
            Sys.LIBC.close(s);
        }
    }

    private static ByteBuffer ifreq(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= Sys.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        ByteBuffer ifr = Sys.nativeBuffer(Sys.IFREQ_SIZE);
        ifr.put(0, n);
        return ifr;
    }

    @Override
    public void close() {
        Sys.LIBC.close(fd);
    }
}
