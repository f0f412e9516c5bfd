package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls the userspace data plane needs beyond route-programmer's netlink surface: the TUN
 * device (open, ioctl), raw IP sockets with batched I/O (sendmmsg, recvmmsg), read/write/poll.
 * Packet calls take raw addresses into long-lived direct buffers ({@code intptr_t}), so a call
 * allocates nothing. Every call saves errno.
 */
public interface TunLibC {
    @SaveError
    int open(String path, int flags);

    @SaveError
    int ioctl(int fd, long request, @In ByteBuffer arg);

    /** ioctl with an integer argument passed by value (TUNSETOFFLOAD). */
    @SaveError
    int ioctl(int fd, long request, long value);

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int setsockopt(int fd, int level, int option, @In ByteBuffer value, int len);

    @SaveError
    @ssize_t
    long read(int fd, @intptr_t long buf, @size_t long count);

    @SaveError
    @ssize_t
    long write(int fd, @intptr_t long buf, @size_t long count);

    @SaveError
    int poll(@intptr_t long fds, long nfds, int timeoutMillis);

    @SaveError
    int sendmmsg(int fd, @intptr_t long msgvec, int vlen, int flags);

    @SaveError
    int recvmmsg(int fd, @intptr_t long msgvec, int vlen, int flags, @intptr_t long timeout);

    @SaveError
    int close(int fd);

    static TunLibC load() {
        return LibraryLoader.create(TunLibC.class).failImmediately().load("c");
    }
}
