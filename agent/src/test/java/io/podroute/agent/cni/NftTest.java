package io.podroute.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process runner, driven through {@code /bin/sh -s} (which runs its stdin) instead of nft. */
class NftTest {
    private static final Nft SH = Nft.at(Path.of("/bin/sh"));

    @Test
    void commandLines() {
        assertEquals(List.of("/usr/sbin/nft", "-f", "-"), Nft.system().command("-f", "-"));
        assertEquals(
                List.of("ip", "netns", "exec", "node1", "/usr/sbin/nft", "-j", "list", "tables"),
                Nft.system().inNetns("node1").command("-j", "list", "tables"));
        assertEquals(Path.of("/x/nft"), Nft.at(Path.of("/x/nft")).binary());
    }

    @Test
    void feedsStdinAndReturnsStdout() throws NftException {
        assertEquals("hello\n", SH.run("echo hello\n", "-s"));
    }

    @Test
    void failureNamesTheCommandAndCarriesStderr() {
        NftException e = assertThrows(NftException.class, () -> SH.run("echo 'Error: bad' >&2; exit 3\n", "-s"));
        assertEquals(3, e.exitCode());
        assertEquals("Error: bad", e.stderr());
        assertEquals("/bin/sh -s", e.command());
        assertEquals("'/bin/sh -s' exited 3: Error: bad", e.getMessage());
    }

    @Test
    void missingBinaryNamesTheDebianPackage() {
        NftException e = assertThrows(
                NftException.class, () -> Nft.at(Path.of("/nonexistent/nft")).run("", "-f", "-"));
        assertEquals(-1, e.exitCode());
        assertTrue(e.getMessage().contains("install the Debian package nftables"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/nft -f -"), e.getMessage());
    }

    @Test
    void largeOutputDoesNotDeadlock() throws NftException {
        String out = SH.run("i=0; while [ $i -lt 20000 ]; do echo line-$i; echo err-$i >&2; i=$((i+1)); done\n", "-s");
        assertEquals(20000, out.lines().count());
    }
}
