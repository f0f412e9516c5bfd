package io.podroute.ipip.userspace;

import java.nio.ByteBuffer;

/** poll(2) on one descriptor for POLLIN, with a reusable native pollfd (no allocation per wait). */
final class PacketPoll {
    private final ByteBuffer pollfd = Sys.nativeBuffer(8);
    private final long address = Sys.address(pollfd);

    PacketPoll(int fd) {
        pollfd.putInt(0, fd);
        pollfd.putShort(4, Sys.POLLIN);
    }

    /** Whether the descriptor became readable within {@code millis}. */
    boolean await(int millis) {
        pollfd.putShort(6, (short) 0);
        return Sys.LIBC.poll(address, 1, millis) > 0 && (pollfd.getShort(6) & Sys.POLLIN) != 0;
    }
}
