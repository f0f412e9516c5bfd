package io.podroute.bgp.exabgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The start-time check of the {@code exabgp} executable: present, runnable, version 4.2 or later. */
final class ExaBgpBinary {
    static final int MIN_MAJOR = 4;
    static final int MIN_MINOR = 2;
    private static final Pattern VERSION = Pattern.compile("ExaBGP\\s*:\\s*(\\d+)\\.(\\d+)(\\.\\d+)?");
    private static final String INSTALL = "install the Debian package 'exabgp' (apt-get install exabgp, 4.2 or later)"
            + " or set the exabgp binary path in the agent's config";

    private ExaBgpBinary() {}

    /** Runs {@code binary --version}; returns the version text, e.g. "4.2.21". */
    static String check(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new ExaBgpUnavailableException("ExaBGP not found at " + binary + ": " + INSTALL);
        }
        String out;
        try {
            Process p = new ProcessBuilder(List.of(binary.toString(), "--version"))
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ExaBgpUnavailableException(binary + " --version did not answer in 20 s: " + INSTALL);
            }
        } catch (IOException e) {
            throw new ExaBgpUnavailableException(
                    "cannot run " + binary + " --version (" + e.getMessage() + "): " + INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExaBgpUnavailableException("interrupted checking " + binary, e);
        }
        return parseVersion(binary, out);
    }

    /** The version in {@code exabgp --version} output ("ExaBGP : 4.2.21"), if at least 4.2. */
    static String parseVersion(Path binary, String output) {
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            throw new ExaBgpUnavailableException(binary + " --version printed no ExaBGP version ("
                    + output.strip().lines().findFirst().orElse("nothing") + "): " + INSTALL);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String version = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : m.group(3));
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new ExaBgpUnavailableException("ExaBGP " + version + " at " + binary + " is too old (need "
                    + MIN_MAJOR + "." + MIN_MINOR + " or later): " + INSTALL);
        }
        return version;
    }
}
