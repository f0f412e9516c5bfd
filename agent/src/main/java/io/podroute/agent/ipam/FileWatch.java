package io.podroute.agent.ipam;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on a {@link FileDatastore}: a daemon thread that polls the file's size, modification time and
 * file key (inode) and, when they change, re-reads the entries under the prefix and calls {@code
 * onChange} if any key or revision there differs from the last read. Every write renames a new file
 * into place, so the inode changes with each version.
 *
 * <p>Threads: {@code onChange} runs on the watch's own thread, one call at a time. After read errors
 * (logged once, retried with backoff up to 30 s) the first good read calls {@code onChange}, since
 * changes may have been missed. {@link #close} stops the thread and waits briefly for it.
 */
final class FileWatch implements Closeable, Runnable {
    private static final Logger log = LoggerFactory.getLogger(FileWatch.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What the poll compares; a missing file has a null key. */
    private record Signature(long size, FileTime modified, Object fileKey) {}

    private final FileDatastore store;
    private final String prefix;
    private final Runnable onChange;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;
    // Owned by the watch thread once started.
    private Signature seen;
    private Map<String, Long> content;
    private boolean failing;

    FileWatch(FileDatastore store, String prefix, Runnable onChange, Duration interval) {
        this.store = store;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.interval = interval;
        this.thread = new Thread(this, "podroute-file-watch " + prefix);
        thread.setDaemon(true);
    }

    /**
     * Takes the first look on the caller's thread, so every change after {@code watch} returns is seen,
     * then starts polling. Thread start orders these writes before the watch thread's reads.
     */
    void start() {
        try {
            seen = signature(); // before the content: a write in between shows up at the next poll
            content = store.revisionsUnder(prefix);
        } catch (IOException | DatastoreException e) {
            report(e);
            failing = true;
        }
        thread.start();
    }

    @Override
    public void run() {
        Duration wait = interval;
        while (!closed && pause(wait)) {
            try {
                Signature now = signature();
                if (now.equals(seen) && !failing) {
                    continue;
                }
                Map<String, Long> next = store.revisionsUnder(prefix);
                boolean changed = failing || !next.equals(content);
                seen = now;
                content = next;
                failing = false;
                wait = interval;
                if (changed) {
                    fire();
                }
            } catch (IOException | DatastoreException e) {
                if (!failing) {
                    report(e);
                }
                failing = true;
                wait = wait.compareTo(MAX_BACKOFF) < 0 ? wait.multipliedBy(2) : MAX_BACKOFF;
            }
        }
    }

    private Signature signature() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(store.file(), BasicFileAttributes.class);
            return new Signature(a.size(), a.lastModifiedTime(), a.fileKey());
        } catch (NoSuchFileException e) {
            return new Signature(-1, null, null);
        }
    }

    private void report(Exception e) {
        if (!closed) {
            log.warn("{}: watching {}: {}; retrying with backoff", store.describe(), prefix, e.getMessage());
        }
    }

    private void fire() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.warn("{}: watch {}: the change handler failed; watching on", store.describe(), prefix, e);
        }
    }

    /** Sleeps; false if interrupted (closing). */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        store.watchClosed(this);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
