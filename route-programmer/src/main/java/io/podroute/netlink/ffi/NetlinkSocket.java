package io.podroute.netlink.ffi;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.wire.Nl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.byref.IntByReference;

/**
 * A raw AF_NETLINK socket. It stays in the network namespace it was created in, whichever thread
 * uses it later; {@link NetNs} creates sockets for other namespaces on a dedicated thread.
 *
 * <p>Not thread-safe: one owner at a time. {@link #close()} is idempotent.
 */
public final class NetlinkSocket implements AutoCloseable {
    private final LibC libc = Native.libc();
    private final int protocol;
    private volatile int fd;
    private final int portId;

    private NetlinkSocket(int fd, int protocol, int portId) {
        this.fd = fd;
        this.protocol = protocol;
        this.portId = portId;
    }

    /**
     * Opens and binds a socket in the calling thread's network namespace.
     *
     * @param groups legacy multicast group mask for bind(2), 0 for a request socket
     */
    public static NetlinkSocket open(int protocol, int groups) throws NetlinkException {
        LibC libc = Native.libc();
        int fd = libc.socket(Native.AF_NETLINK, Native.SOCK_RAW | Native.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw Native.lastError("socket(AF_NETLINK)");
        }
        ByteBuffer sa = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
        sa.putShort(0, (short) Native.AF_NETLINK).putInt(4, 0).putInt(8, groups);
        if (libc.bind(fd, sa, 12) < 0) {
            NetlinkException e = Native.lastError("bind(AF_NETLINK groups=" + groups + ")");
            libc.close(fd);
            throw e;
        }
        IntByReference len = new IntByReference(12);
        if (libc.getsockname(fd, sa, len) < 0) {
            NetlinkException e = Native.lastError("getsockname");
            libc.close(fd);
            throw e;
        }
        return new NetlinkSocket(fd, protocol, sa.getInt(4));
    }

    public int protocol() {
        return protocol;
    }

    /** The port id the kernel assigned at bind. */
    public int portId() {
        return portId;
    }

    public void setIntOption(int level, int option, int value) throws NetlinkException {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        v.putInt(0, value);
        if (libc.setsockopt(fd(), level, option, v, 4) < 0) {
            throw Native.lastError("setsockopt(" + level + "," + option + ")");
        }
    }

    public int getIntOption(int level, int option) throws NetlinkException {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        IntByReference len = new IntByReference(4);
        if (libc.getsockopt(fd(), level, option, v, len) < 0) {
            throw Native.lastError("getsockopt(" + level + "," + option + ")");
        }
        return v.getInt(0);
    }

    /**
     * Enables NETLINK_EXT_ACK and NETLINK_CAP_ACK (Linux 4.12+), and strict dump checking where the
     * kernel has it (4.20+; older kernels answer ENOPROTOOPT and dumps are filtered by the caller).
     */
    public void enableExtendedAcks() throws NetlinkException {
        setIntOption(Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1);
        setIntOption(Nl.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1);
        try {
            setIntOption(Nl.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 1);
        } catch (NetlinkException e) {
            if (e.errno().number() != Errno.ENOPROTOOPT.number()) {
                throw e;
            }
        }
    }

    /**
     * Sets the socket buffers, forcing past rmem_max/wmem_max when privileged; returns the receive
     * buffer size the kernel actually granted (it doubles the request for bookkeeping).
     */
    public int setBuffers(int sendBytes, int receiveBytes) throws NetlinkException {
        try {
            setIntOption(Native.SOL_SOCKET, Native.SO_SNDBUFFORCE, sendBytes);
            setIntOption(Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, receiveBytes);
        } catch (NetlinkException e) {
            if (!e.isPermission()) {
                throw e;
            }
            setIntOption(Native.SOL_SOCKET, Native.SO_SNDBUF, sendBytes);
            setIntOption(Native.SOL_SOCKET, Native.SO_RCVBUF, receiveBytes);
        }
        return getIntOption(Native.SOL_SOCKET, Native.SO_RCVBUF);
    }

    /** A receive timeout, so a reader thread can notice it was asked to stop. */
    public void setReceiveTimeoutMillis(int millis) throws NetlinkException {
        ByteBuffer tv = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        tv.putLong(0, millis / 1000).putLong(8, (millis % 1000) * 1000L);
        if (libc.setsockopt(fd(), Native.SOL_SOCKET, Native.SO_RCVTIMEO, tv, 16) < 0) {
            throw Native.lastError("setsockopt(SO_RCVTIMEO)");
        }
    }

    public void joinGroup(int group) throws NetlinkException {
        setIntOption(Nl.SOL_NETLINK, Nl.NETLINK_ADD_MEMBERSHIP, group);
    }

    /** Sends bytes [0, position) of a direct buffer as one datagram (one sendmsg). */
    public void send(ByteBuffer buf) throws NetlinkException {
        int len = buf.position();
        ByteBuffer from = buf.duplicate().position(0);
        long n;
        do {
            n = libc.send(fd(), from, len, 0);
        } while (n < 0 && Native.errno().number() == Errno.EINTR.number());
        if (n < 0) {
            throw Native.lastError("send(" + len + " bytes)");
        }
        if (n != len) {
            throw new NetlinkException(Errno.EMSGSIZE, "short send " + n + " of " + len);
        }
    }

    /**
     * Receives one datagram into a direct buffer starting at 0; returns its length, or -1 when the
     * receive timeout expired (EAGAIN).
     */
    public int receive(ByteBuffer buf) throws NetlinkException {
        long n;
        do {
            n = libc.recv(fd(), buf.duplicate().position(0), buf.capacity(), 0);
        } while (n < 0 && Native.errno().number() == Errno.EINTR.number());
        if (n < 0) {
            Errno errno = Native.errno();
            if (errno.number() == Errno.EAGAIN.number()) {
                return -1;
            }
            throw new NetlinkException(errno, "recv");
        }
        return (int) n;
    }

    private int fd() throws NetlinkException {
        int f = fd;
        if (f < 0) {
            throw new NetlinkException(Errno.EBADF, "socket closed");
        }
        return f;
    }

    @Override
    public void close() {
        int f = fd;
        fd = -1;
        if (f >= 0) {
            libc.close(f);
        }
    }
}
