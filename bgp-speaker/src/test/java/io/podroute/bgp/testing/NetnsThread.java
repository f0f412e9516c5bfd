package io.podroute.bgp.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;

/**
 * A single thread that has entered a network namespace with setns(2): sockets created by tasks run on
 * it (Netty's {@code connect()} / {@code bind()} create the socket on the calling thread) live in that
 * namespace, whatever thread serves them later. Network-namespace membership is per thread, so the
 * rest of the JVM is unaffected.
 */
public final class NetnsThread implements java.util.concurrent.Executor, AutoCloseable {
    /** The few libc calls needed, through jnr-ffi. */
    public interface LibC {
        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);
    }

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private final ExecutorService executor;

    public NetnsThread(String namespace) {
        executor = Executors.newSingleThreadExecutor(r -> new Thread(
                () -> {
                    enter(namespace);
                    r.run();
                },
                "netns-" + namespace));
        // fail now, not on first use, if the namespace cannot be entered
        try {
            executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot enter network namespace " + namespace, e);
        }
    }

    private static void enter(String namespace) {
        int fd = LIBC.open("/run/netns/" + namespace, O_RDONLY);
        if (fd < 0) {
            throw new IllegalStateException("open /run/netns/" + namespace + " failed");
        }
        try {
            if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns(" + namespace + ") failed");
            }
        } finally {
            LIBC.close(fd);
        }
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
