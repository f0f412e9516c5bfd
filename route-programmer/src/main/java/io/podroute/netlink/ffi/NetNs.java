package io.podroute.netlink.ffi;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a named network namespace ({@code /run/netns/<name>}, as created by
 * {@code ip netns add}).
 *
 * <p>Namespace membership belongs to a thread, so each call starts a fresh dedicated thread, which
 * does setns(2) into the target, runs the action, and setns back to its original namespace before
 * it ends. Sockets created by the action stay in the target namespace for their whole life and may
 * be used from any thread afterwards. The calling thread's namespace is never changed.
 */
public final class NetNs {
    private NetNs() {}

    /** The path {@code ip netns} uses for a named namespace. */
    public static String pathOf(String name) {
        return "/run/netns/" + name;
    }

    /** Opens a netlink socket in the named namespace; null name means the current namespace. */
    public static NetlinkSocket openSocket(String namespace, int protocol, int groups) throws NetlinkException {
        if (namespace == null) {
            return NetlinkSocket.open(protocol, groups);
        }
        return run(namespace, () -> NetlinkSocket.open(protocol, groups));
    }

    /** Runs {@code action} on a dedicated thread that has joined namespace {@code name}. */
    public static <T> T run(String name, Callable<T> action) throws NetlinkException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        result.set(inNamespace(name, action));
                    } catch (Exception e) {
                        failure.set(e);
                    }
                },
                "netns-" + name);
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlinkException(Errno.EINTR, "interrupted waiting for netns " + name);
        }
        Exception e = failure.get();
        if (e instanceof NetlinkException ne) {
            throw ne;
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e != null) {
            throw new IllegalStateException("action in netns " + name + " failed", e);
        }
        return result.get();
    }

    private static <T> T inNamespace(String name, Callable<T> action) throws Exception {
        LibC libc = Native.libc();
        int self = libc.open("/proc/thread-self/ns/net", Native.O_RDONLY | Native.O_CLOEXEC);
        if (self < 0) {
            throw Native.lastError("open(/proc/thread-self/ns/net)");
        }
        try {
            int target = libc.open(pathOf(name), Native.O_RDONLY | Native.O_CLOEXEC);
            if (target < 0) {
                throw Native.lastError("open(" + pathOf(name) + ")");
            }
            try {
                if (libc.setns(target, Native.CLONE_NEWNET) < 0) {
                    throw Native.lastError("setns(" + pathOf(name) + ")");
                }
            } finally {
                libc.close(target);
            }
            T result;
            try {
                result = action.call();
            } catch (Exception e) {
                // The thread ends right after this, so a failed return cannot leak the namespace.
                libc.setns(self, Native.CLONE_NEWNET);
                throw e;
            }
            if (libc.setns(self, Native.CLONE_NEWNET) < 0) {
                throw Native.lastError("setns(back)");
            }
            return result;
        } finally {
            libc.close(self);
        }
    }
}
