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

    /**
     * Makes the kernel drop, before they are queued on this socket, the messages of the given types
     * whose {@code nlmsg_pid} is one of {@code senders}: a classic BPF socket filter ({@code
     * SO_ATTACH_FILTER}), replacing any earlier one. For a monitor, the kernel stamps each route
     * notification with the port id of the socket whose request caused it, so this drops the echo of
     * another socket's own writes without a copy, a wake-up or receive-buffer space (a million-route
     * install no longer overflows the monitor). An empty {@code senders} accepts everything.
     */
    public void dropFromSenders(int[] senders, int[] types) throws NetlinkException {
        int n = senders.length == 0 ? 1 : senders.length + types.length + 4;
        ByteBuffer prog = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder());
        if (senders.length == 0) {
            insn(prog, BPF_RET_K, 0, 0, -1);
        } else {
            // 0: A = nlmsg_pid (loads are big-endian: compare with the byte-swapped value)
            insn(prog, BPF_LD_W_ABS, 0, 0, 12);
            int accept = n - 2;
            int drop = n - 1;
            int loadType = 1 + senders.length;
            for (int i = 0; i < senders.length; i++) {
                int at = 1 + i;
                // a matching sender: check the type; else try the next sender, or accept after the last
                int next = i + 1 < senders.length ? 0 : accept - at - 1;
                insn(prog, BPF_JEQ_K, loadType - at - 1, next, toWire32(senders[i]));
            }
            insn(prog, BPF_LD_H_ABS, 0, 0, 4); // A = nlmsg_type
            for (int i = 0; i < types.length; i++) {
                int at = loadType + 1 + i;
                insn(prog, BPF_JEQ_K, drop - at - 1, 0, toWire16(types[i]));
            }
            insn(prog, BPF_RET_K, 0, 0, -1); // accept the whole message
            insn(prog, BPF_RET_K, 0, 0, 0); // drop it
        }
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getSystemRuntime();
        jnr.ffi.Pointer code = jnr.ffi.Pointer.wrap(runtime, prog.flip());
        jnr.ffi.Pointer fprog = jnr.ffi.Memory.allocateDirect(runtime, 16, true);
        fprog.putShort(0, (short) n);
        fprog.putAddress(8, code.address());
        try {
            if (libc.setsockopt(fd(), Native.SOL_SOCKET, Native.SO_ATTACH_FILTER, fprog, 16) < 0) {
                throw Native.lastError("setsockopt(SO_ATTACH_FILTER)");
            }
        } finally {
            java.lang.ref.Reference.reachabilityFence(prog); // the kernel copies the program in the call
            java.lang.ref.Reference.reachabilityFence(fprog);
        }
    }

    /** BPF_LD | BPF_W | BPF_ABS (linux/bpf_common.h). */
    private static final int BPF_LD_W_ABS = 0x20;
    /** BPF_LD | BPF_H | BPF_ABS. */
    private static final int BPF_LD_H_ABS = 0x28;
    /** BPF_JMP | BPF_JEQ | BPF_K. */
    private static final int BPF_JEQ_K = 0x15;
    /** BPF_RET | BPF_K. */
    private static final int BPF_RET_K = 0x06;

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
            throw new IllegalArgumentException("BPF jump out of range: " + jt + "/" + jf);
        }
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }

    /** A host-order 32-bit field as a BPF word load (big-endian) sees it. */
    private static int toWire32(int hostValue) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? hostValue : Integer.reverseBytes(hostValue);
    }

    private static int toWire16(int hostValue) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
                ? hostValue & 0xffff
                : Short.toUnsignedInt(Short.reverseBytes((short) hostValue));
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
     * receive timeout expired (EAGAIN). A datagram larger than the buffer is consumed and reported as
     * {@code EMSGSIZE} (the kernel's dump datagrams are at most 32 KiB, notifications and acks
     * smaller).
     */
    public int receive(ByteBuffer buf) throws NetlinkException {
        long n;
        do {
            // MSG_TRUNC: netlink then returns the datagram's real length, so a datagram larger than
            // the buffer is an error here instead of silently cut messages
            n = libc.recv(fd(), buf.duplicate().position(0), buf.capacity(), MSG_TRUNC);
        } while (n < 0 && Native.errno().number() == Errno.EINTR.number());
        if (n < 0) {
            Errno errno = Native.errno();
            if (errno.number() == Errno.EAGAIN.number()) {
                return -1;
            }
            throw new NetlinkException(errno, "recv");
        }
        if (n > buf.capacity()) {
            throw new NetlinkException(
                    Errno.EMSGSIZE,
                    "recv: a datagram of " + n + " bytes does not fit the " + buf.capacity() + "-byte buffer");
        }
        return (int) n;
    }

    private static final int MSG_TRUNC = 0x20;

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
