package io.podroute.ipip.userspace;

import io.podroute.netlink.error.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a packet-path syscall error once per distinct (call, errno) in a row, so a persistent error
 * cannot flood the log; every occurrence is still counted as a drop. Owned by one thread.
 */
final class ErrorLog {
    private static final Logger LOG = LoggerFactory.getLogger(UserspaceTunnel.class);
    private final String path;
    private String last = "";

    ErrorLog(String path) {
        this.path = path;
    }

    void log(String call, Errno errno) {
        String key = call + errno.name();
        if (!key.equals(last)) {
            last = key;
            LOG.warn("{}: {} failed with {}; packet dropped and counted, continuing", path, call, errno.name());
        }
    }
}
