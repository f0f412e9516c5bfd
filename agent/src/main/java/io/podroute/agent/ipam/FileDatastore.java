package io.podroute.agent.ipam;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Datastore} in one JSON file, shared by every agent and CLI on the host (docs/ipam.md).
 *
 * <p>Invariants: every operation reads the whole file and a changing operation writes a whole new
 * version, so the file is the only state and is never torn: the new version goes to a temporary file in
 * the same directory, is fsynced, renamed over the file with an atomic move, and the directory is
 * fsynced. A crash leaves the old or the new version (and maybe a stale temporary file, removed by the
 * next write). A missing file is an empty store; a corrupt one is an error, never reset.
 *
 * <p>Races: operations are serialised by an advisory lock on {@code <file>.lock} (shared for reads,
 * exclusive for writes) between processes, and by a {@link ReentrantLock} per canonical lock path within
 * this JVM, taken first: POSIX locks belong to the process, so two channels of one JVM cannot both lock
 * the file, and closing any channel on it would drop the other's lock. Instances are thread-safe.
 * Watches poll the file's size, modification time and inode on their own daemon threads.
 */
public final class FileDatastore implements Datastore {
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(FileDatastore.class);
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Duration pollInterval;
    private final List<FileWatch> watches = new ArrayList<>();
    private volatile boolean closed;

    FileDatastore(Path file, Duration pollInterval) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.pollInterval = pollInterval;
    }

    /** A store over {@code file}, which need not exist yet; nothing is read or created until used. */
    public static FileDatastore open(Path file) {
        return new FileDatastore(file, DEFAULT_POLL_INTERVAL);
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public Optional<KeyValue> get(String key) throws DatastoreException {
        return read("get " + key, s -> {
            FileState.Entry e = s.get(key);
            return e == null ? Optional.empty() : Optional.of(new KeyValue(key, e.value(), e.revision()));
        });
    }

    @Override
    public List<KeyValue> list(String prefix) throws DatastoreException {
        return read("list " + prefix, s -> s.list(prefix));
    }

    @Override
    public boolean create(String key, String value) throws DatastoreException {
        return update("create " + key, s -> s.get(key) == null ? s.with(key, value) : null);
    }

    @Override
    public boolean replace(String key, long expectedRevision, String value) throws DatastoreException {
        return update("replace " + key, s -> hasRevision(s, key, expectedRevision) ? s.with(key, value) : null);
    }

    @Override
    public void put(String key, String value) throws DatastoreException {
        update("put " + key, s -> s.with(key, value));
    }

    @Override
    public boolean delete(String key, long expectedRevision) throws DatastoreException {
        return update("delete " + key, s -> hasRevision(s, key, expectedRevision) ? s.without(key) : null);
    }

    @Override
    public Closeable watch(String prefix, Runnable onChange) {
        FileWatch w = new FileWatch(this, prefix, onChange, pollInterval);
        synchronized (watches) {
            if (closed) {
                throw new IllegalStateException(describe() + ": watch " + prefix + ": store is closed");
            }
            watches.add(w);
        }
        w.start();
        return w;
    }

    @Override
    public void close() {
        List<FileWatch> open;
        synchronized (watches) {
            closed = true;
            open = new ArrayList<>(watches);
            watches.clear();
        }
        open.forEach(FileWatch::close);
    }

    Path file() {
        return file;
    }

    /** Key → revision of every entry under {@code prefix}: what a watch compares. */
    Map<String, Long> revisionsUnder(String prefix) throws DatastoreException {
        return read("watch " + prefix, s -> {
            Map<String, Long> out = new TreeMap<>();
            s.list(prefix).forEach(kv -> out.put(kv.key(), kv.revision()));
            return out;
        });
    }

    private static boolean hasRevision(FileState s, String key, long expected) {
        FileState.Entry e = s.get(key);
        return e != null && e.revision() == expected;
    }

    /** A read of one consistent version. */
    private interface Query<T> {
        T apply(FileState state);
    }

    /** The next version, or null to leave the file as it is. */
    private interface Change {
        FileState apply(FileState state);
    }

    private <T> T read(String op, Query<T> query) throws DatastoreException {
        checkOpen(op);
        try {
            return locked(false, op, () -> query.apply(load(op)));
        } catch (IOException e) {
            throw new DatastoreException(describe() + ": " + op + ": " + e, true, e);
        }
    }

    /** Applies {@code change} under the exclusive lock; true if it wrote a new version. */
    private boolean update(String op, Change change) throws DatastoreException {
        checkOpen(op);
        try {
            return locked(true, op, () -> {
                FileState next = change.apply(load(op));
                if (next == null) {
                    return false;
                }
                writeAtomically(next.toJson());
                return true;
            });
        } catch (IOException e) {
            throw new DatastoreException(describe() + ": " + op + ": " + e, true, e);
        }
    }

    private void checkOpen(String op) throws DatastoreException {
        if (closed) {
            throw new DatastoreException(describe() + ": " + op + ": store is closed", false);
        }
    }

    private FileState load(String op) throws IOException, DatastoreException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return FileState.empty();
        }
        try {
            return FileState.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new DatastoreException(
                    describe() + ": " + op + ": corrupt store: " + e.getMessage()
                            + "; fix or restore the file (podroute never resets it)",
                    false,
                    e);
        }
    }

    /** Body of a locked operation. */
    private interface Locked<T> {
        T run() throws IOException, DatastoreException;
    }

    /** Runs {@code body} holding this JVM's lock for the file, then the advisory file lock. */
    private <T> T locked(boolean exclusive, String op, Locked<T> body) throws IOException, DatastoreException {
        Path dir = file.getParent();
        if (exclusive) {
            Files.createDirectories(dir);
        } else if (!Files.isDirectory(dir)) {
            return body.run(); // no directory, no file: an empty store, nothing to lock
        }
        ReentrantLock jvm =
                JVM_LOCKS.computeIfAbsent(dir.toRealPath().resolve(lockFile.getFileName()), k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel channel = openLockFile(exclusive)) {
            if (channel == null) {
                log.debug("{}: {}: cannot create {}; reading without the lock", describe(), op, lockFile);
                return body.run(); // a reader on a read-only directory: renames keep each version whole
            }
            FileLock lock = channel.lock(0, Long.MAX_VALUE, !exclusive);
            try {
                return body.run();
            } finally {
                lock.release();
            }
        } finally {
            jvm.unlock();
        }
    }

    private FileChannel openLockFile(boolean exclusive) throws IOException {
        try {
            return FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            if (exclusive) {
                throw e;
            }
            return Files.exists(lockFile) ? FileChannel.open(lockFile, StandardOpenOption.READ) : null;
        }
    }

    /** Temporary file, fsync, atomic rename over the file, fsync of the directory. */
    private void writeAtomically(byte[] content) throws IOException {
        Path dir = file.getParent();
        removeStaleTemporaries(dir);
        Path tmp = dir.resolve(tempPrefix() + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("{}: cannot fsync directory {}: {}", describe(), dir, e.toString());
        }
    }

    String tempPrefix() {
        return "." + file.getFileName() + ".tmp-";
    }

    /** Under the exclusive lock no write is in progress, so any temporary file is a crashed writer's. */
    private void removeStaleTemporaries(Path dir) throws IOException {
        try (DirectoryStream<Path> stale =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(tempPrefix()))) {
            for (Path p : stale) {
                log.info("{}: removing {}, left by a writer that stopped mid-write", describe(), p);
                Files.deleteIfExists(p);
            }
        }
    }

    void watchClosed(FileWatch w) {
        synchronized (watches) {
            watches.remove(w);
        }
    }
}
