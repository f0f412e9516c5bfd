package io.podroute.bgp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop, live: runs ops/vectors/capture.py, which starts real BIRD, FRR, GoBGP and ExaBGP in network
 * namespaces it creates and removes, and checks that every message they send today decodes without
 * error and re-encodes byte-exact — so a package upgrade that changes their bytes is caught here, not
 * by an operator.
 */
@RequiresRoot(binaries = {"python3", "ip", "bird", "birdc", "/usr/lib/frr/bgpd", "gobgpd", "gobgp", "exabgp"})
class LiveCaptureIT {
    @Test
    void everyMessageFromRealSpeakersRoundTrips(@TempDir Path out) throws IOException, InterruptedException {
        Path script = repoRoot().resolve("ops/vectors/capture.py");
        Process p = new ProcessBuilder("python3", script.toString(), "--out", out.toString())
                .redirectErrorStream(true)
                .start();
        String log;
        boolean finished = p.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(finished, "capture.py did not finish in 240 s:\n" + log);
        assertEquals(0, p.exitValue(), "capture.py failed:\n" + log);

        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(f -> f.toString().endsWith(".bgp")).sorted().toList();
        }
        assertEquals(17, files.size(), "captured files: " + files);
        int messages = 0;
        for (Path f : files) {
            VectorFile v =
                    VectorFile.parse(out.relativize(f).toString(), Files.readAllLines(f, StandardCharsets.UTF_8));
            for (VectorFile.Message m : v.messages()) {
                BgpMessage msg = BgpCodec.decode(Unpooled.wrappedBuffer(m.bytes()), v.context());
                if (msg instanceof UpdateMessage u) {
                    assertEquals(ErrorAction.NONE, u.verdict(), m + ": " + u.errors());
                }
                ByteBuf buf = Unpooled.buffer();
                try {
                    BgpCodec.encode(msg, v.context(), buf);
                    byte[] again = new byte[buf.readableBytes()];
                    buf.readBytes(again);
                    assertArrayEquals(m.bytes(), again, m + " re-encoded differently");
                } finally {
                    buf.release();
                }
                messages++;
            }
        }
        assertTrue(messages > 1000, "only " + messages + " messages captured");
    }

    static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("ops/vectors/capture.py"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (ops/vectors/capture.py)");
        }
        return dir;
    }
}
