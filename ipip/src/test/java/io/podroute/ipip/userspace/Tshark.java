package io.podroute.ipip.userspace;

import io.podroute.netlink.ffi.TestNetns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tshark on an interface of a test namespace: ip.src, ip.dst, ip.proto of the first N packets. */
public final class Tshark {
    private final Process process;
    private final Path out;

    private Tshark(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    public static Tshark start(TestNetns ns, String dev, String filter, int count) throws IOException {
        Path out = Files.createTempFile("podroute-tshark", ".txt");
        Process p = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        ns.name(),
                        "tshark",
                        "-n",
                        "-l",
                        "-i",
                        dev,
                        "-f",
                        filter,
                        "-c",
                        "" + count,
                        "-a",
                        "duration:20",
                        "-T",
                        "fields",
                        "-e",
                        "ip.src",
                        "-e",
                        "ip.dst",
                        "-e",
                        "ip.proto")
                .redirectOutput(out.toFile())
                .start();
        // Wait until tshark is capturing (it says so on stderr), so the traffic that follows is seen.
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null && !line.contains("Capturing on")) {
            // skip the banner
        }
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new Tshark(p, out);
    }

    public List<String> await() throws InterruptedException {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
