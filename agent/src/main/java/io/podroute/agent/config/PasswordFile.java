package io.podroute.agent.config;

import io.podroute.bgp.session.PeerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads a TCP MD5 key (RFC 2385) from a {@code passwordFile}: one line, 1..80 bytes, a trailing
 * newline ignored, not readable by every user. The key never appears in an error message.
 */
final class PasswordFile {
    private PasswordFile() {}

    /**
     * The key, or null with the reason added to {@code problems} under {@code at}.
     *
     * @param baseDir resolves a relative {@code file} (the config file's folder)
     */
    static String read(Path baseDir, String file, String at, Problems problems) {
        Path path = baseDir.resolve(file);
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> perms = view.readAttributes().permissions();
                if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                    problems.add(
                            at,
                            path + " is readable by every user (" + PosixFilePermissions.toString(perms)
                                    + "); run chmod 600 on it");
                    return null;
                }
            }
            String text = Files.readString(path, StandardCharsets.UTF_8);
            String pw = text.endsWith("\r\n")
                    ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (pw.isEmpty()) {
                problems.add(at, path + " is empty");
                return null;
            }
            if (pw.getBytes(StandardCharsets.UTF_8).length > PeerConfig.MAX_PASSWORD_BYTES) {
                problems.add(
                        at,
                        "the password in " + path + " is longer than " + PeerConfig.MAX_PASSWORD_BYTES
                                + " bytes (the TCP MD5 key limit)");
                return null;
            }
            return pw;
        } catch (NoSuchFileException e) {
            problems.add(at, path + ": no such file");
        } catch (IOException e) {
            problems.add(at, path + ": cannot read: " + e.getMessage());
        }
        return null;
    }
}
