package io.podroute.agent;

import java.util.List;
import org.slf4j.Logger;

/** Closes what was started, newest first; one failure is logged and does not stop the rest. */
final class Closers {
    private Closers() {}

    static void closeNewestFirst(List<AutoCloseable> closers, Logger log) {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", closers.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        closers.clear();
    }
}
