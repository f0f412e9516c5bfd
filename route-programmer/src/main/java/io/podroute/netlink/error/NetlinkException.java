package io.podroute.netlink.error;

import java.io.IOException;
import java.util.Optional;

/**
 * A failed netlink operation, typed by errno: either a system call on the socket failed, or the
 * kernel answered a request with an NLMSG_ERROR carrying a negative errno.
 *
 * <p>Callers classify errors with {@link #errno()} and the {@code isX()} helpers, never by message
 * text. The extended-ACK message (NETLINK_EXT_ACK), when the kernel sent one, is kept for logs only.
 */
public final class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final String operation;
    private final String extAck;

    public NetlinkException(Errno errno, String operation, String extAck) {
        super(format(errno, operation, extAck));
        this.errno = errno;
        this.operation = operation;
        this.extAck = extAck;
    }

    public NetlinkException(Errno errno, String operation) {
        this(errno, operation, "");
    }

    private static String format(Errno errno, String operation, String extAck) {
        String base = operation + ": " + errno.name() + " (" + errno.number() + ")";
        return extAck.isEmpty() ? base : base + ": " + extAck;
    }

    public Errno errno() {
        return errno;
    }

    /** What was attempted, e.g. {@code "RTM_NEWROUTE 10.1.0.0/24 table 254"}. */
    public String operation() {
        return operation;
    }

    /** The kernel's extended-ACK text, if it sent one. For humans; never branch on it. */
    public Optional<String> extAck() {
        return extAck.isEmpty() ? Optional.empty() : Optional.of(extAck);
    }

    public boolean isExists() {
        return errno.number() == Errno.EEXIST.number();
    }

    public boolean isNotFound() {
        int n = errno.number();
        return n == Errno.ENOENT.number() || n == Errno.ESRCH.number();
    }

    public boolean isNoDevice() {
        return errno.number() == Errno.ENODEV.number();
    }

    public boolean isNetUnreachable() {
        return errno.number() == Errno.ENETUNREACH.number();
    }

    public boolean isPermission() {
        int n = errno.number();
        return n == Errno.EPERM.number() || n == Errno.EACCES.number();
    }

    public boolean isNoBuffers() {
        return errno.number() == Errno.ENOBUFS.number();
    }
}
