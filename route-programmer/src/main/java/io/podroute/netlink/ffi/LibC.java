package io.podroute.netlink.ffi;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The smallest libc surface netlink needs, bound by jnr-ffi. Buffers are direct; jnr passes the
 * address at the buffer's position. Every call saves errno for {@link Native#errno()}.
 */
public interface LibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In ByteBuffer addr, int len);

    @SaveError
    int getsockname(int fd, @Out ByteBuffer addr, IntByReference len);

    @SaveError
    int setsockopt(int fd, int level, int option, @In ByteBuffer value, int len);

    /** setsockopt with a pointer value (e.g. SO_ATTACH_FILTER's struct sock_fprog). */
    @SaveError
    int setsockopt(int fd, int level, int option, @In jnr.ffi.Pointer value, int len);

    @SaveError
    int getsockopt(int fd, int level, int option, @Out ByteBuffer value, IntByReference len);

    @SaveError
    @ssize_t
    long send(int fd, @In ByteBuffer buf, @size_t long len, int flags);

    @SaveError
    @ssize_t
    long recv(int fd, @Out ByteBuffer buf, @size_t long len, int flags);

    @SaveError
    int close(int fd);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    /** {@code which} PRIO_PROCESS (0) with {@code who} 0 is the calling thread on Linux. */
    @SaveError
    int setpriority(int which, int who, int prio);

    /** Loads libc once; jnr maps "c" to the platform's C library. */
    static LibC load() {
        return LibraryLoader.create(LibC.class).failImmediately().load("c");
    }
}
