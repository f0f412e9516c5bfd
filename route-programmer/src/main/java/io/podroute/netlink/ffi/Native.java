package io.podroute.netlink.ffi;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/** The process-wide libc binding and errno access. Stateless apart from the loaded library. */
public final class Native {
    private static final LibC LIBC = LibC.load();
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int MSG_DONTWAIT = 0x40;

    private Native() {}

    public static LibC libc() {
        return LIBC;
    }

    /** errno saved by the last {@code @SaveError} call on this thread. */
    public static Errno errno() {
        return Errno.valueOf(LastError.getLastError(RUNTIME));
    }

    /** Throws a typed exception for the current errno, naming the failed call. */
    public static NetlinkException lastError(String operation) {
        return new NetlinkException(errno(), operation);
    }
}
