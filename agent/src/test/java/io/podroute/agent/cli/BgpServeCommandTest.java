package io.podroute.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BgpServeCommandTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    private static Result cli(String... args) {
        CommandLine cl = PodrouteCli.commandLine(new ByteArrayInputStream(new byte[0]));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    private Path config(String yaml) throws IOException {
        Path p = dir.resolve("serve.yaml");
        Files.writeString(p, yaml, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void checkPrintsOkForAValidConfig() throws IOException {
        Path p = config("asn: 65001\nrouterId: 10.0.0.1\nlocalAddress: 192.0.2.1\n"
                + "peers:\n  - { address: 192.0.2.2, asn: 65002 }\n");
        Result r = cli("bgp", "serve", "--config", p.toString(), "--check");
        assertEquals(0, r.status(), r.err());
        assertEquals("ok\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void checkPrintsEveryErrorAndExits2() throws IOException {
        Path p = config("asn: 0\nrouterId: 10.0.0.1\npeers:\n  - { address: 192.0.2.2, asn: 65002, holdTime: 1 }\n");
        Result r = cli("bgp", "serve", "--config", p.toString(), "--check");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertEquals(
                p + ": 2 error(s):\n"
                        + "  asn: 0 is not a valid AS number\n"
                        + "  peers[0].holdTime: 1 must be 0 or 3..65535 (seconds)\n",
                r.err());
    }

    @Test
    void checkWarnsAboutANonLoopbackApi() throws IOException {
        Path p = config("asn: 65001\nrouterId: 10.0.0.1\napi: 0.0.0.0:7179\n");
        Result r = cli("bgp", "serve", "--config", p.toString(), "--check");
        assertEquals(0, r.status());
        assertEquals("ok\n", r.out());
        assertTrue(r.err().startsWith("warning: api: 0.0.0.0:7179 is not a loopback address"), r.err());
    }

    @Test
    void aMissingFileIsAConfigError() {
        Path p = dir.resolve("nope.yaml");
        Result r = cli("bgp", "serve", "--config", p.toString(), "--check");
        assertEquals(2, r.status());
        assertEquals(p + ": 1 error(s):\n  " + p + ": no such file\n", r.err());
    }

    @Test
    void configIsRequired() {
        Result r = cli("bgp", "serve");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Missing required option: '--config=FILE'"), r.err());
    }
}
