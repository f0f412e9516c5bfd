package io.podroute.agent.cni;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Replaces a file so that a reader (a container runtime watching {@code /etc/cni/net.d}) sees the old
 * content or the new, never a partial one, and so that a crash leaves one of the two on disk: write
 * a temp file in the same directory, fsync it, rename it over the target ({@code ATOMIC_MOVE}), fsync
 * the directory. The temp name starts with a dot and ends in {@code .tmp}, which runtimes ignore
 * (they load {@code *.conf}, {@code *.conflist}, {@code *.json}).
 */
final class AtomicFile {
    private static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFile() {}

    /**
     * Writes {@code content} (UTF-8) to {@code target} unless it already holds exactly those bytes;
     * creates the parent directories; the file gets mode 0644.
     *
     * @return whether the file was written
     */
    static boolean writeIfChanged(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return false;
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(temp, MODE_0644);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
        return true;
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically (temp file " + temp + ")", e);
        }
    }

    /** Makes the rename itself durable (Linux allows fsync on a directory opened read-only). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
