package io.podroute.ipip.userspace;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LastError;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** The loaded {@link TunLibC}, errno, constants from the Linux headers, and buffer addresses. */
final class Sys {
    static final TunLibC LIBC = TunLibC.load();
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IPIP = 4;
    static final int IPPROTO_RAW = 255;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_WAITFORONE = 0x10000;
    static final short POLLIN = 1;
    /** _IOW('T', 202, int), linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    /** _IOW('T', 208, unsigned int), linux/if_tun.h. */
    static final long TUNSETOFFLOAD = 0x400454d0L;

    static final short IFF_VNET_HDR = 0x4000;
    static final int TUN_F_CSUM = 0x01;
    static final int TUN_F_TSO4 = 0x02;
    /** linux/sockios.h. */
    static final long SIOCSIFTXQLEN = 0x8943L;

    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16;
    static final int IFREQ_SIZE = 40;

    private Sys() {}

    static Errno errno() {
        return Errno.valueOf(LastError.getLastError(RUNTIME));
    }

    static NetlinkException lastError(String operation) {
        return new NetlinkException(errno(), operation);
    }

    /** A direct buffer in host order, for structs the kernel reads and writes. */
    static ByteBuffer nativeBuffer(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** The native address of a direct buffer's first byte (stable for the buffer's life). */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        long a = Pointer.wrap(RUNTIME, direct).address();
        if (a == 0) {
            throw new IllegalStateException("no native address for a direct buffer");
        }
        return a;
    }

    static void setIntOption(int fd, int level, int option, int value, String what) throws NetlinkException {
        ByteBuffer v = nativeBuffer(4).putInt(0, value);
        if (LIBC.setsockopt(fd, level, option, v, 4) < 0) {
            throw lastError("setsockopt(" + what + ")");
        }
    }

    /** SO_*BUFFORCE (past the sysctl limits, needs CAP_NET_ADMIN), else the capped SO_*BUF. */
    static void setBuffer(int fd, boolean receive, int bytes) throws NetlinkException {
        try {
            setIntOption(fd, SOL_SOCKET, receive ? SO_RCVBUFFORCE : SO_SNDBUFFORCE, bytes, "SO_BUFFORCE");
        } catch (NetlinkException e) {
            if (!e.isPermission()) {
                throw e;
            }
            setIntOption(fd, SOL_SOCKET, receive ? SO_RCVBUF : SO_SNDBUF, bytes, "SO_BUF");
        }
    }

    static void setReceiveTimeout(int fd, int millis) throws NetlinkException {
        ByteBuffer tv = nativeBuffer(16).putLong(0, millis / 1000).putLong(8, (millis % 1000) * 1000L);
        if (LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) {
            throw lastError("setsockopt(SO_RCVTIMEO)");
        }
    }
}
