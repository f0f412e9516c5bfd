package io.podroute.bgp.exabgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated ExaBGP configuration, the relay, the version check. */
class ExaBgpConfigTest {
    static InetAddress ip(String s) {
        return ExaBgpJson.address(s);
    }

    static String generate(SpeakerConfig speaker, PeerConfig... peers) {
        List<ExaPeer> list = java.util.Arrays.stream(peers)
                .map(p -> new ExaPeer(SpeakerPeer.of(p), speaker.rib().localAs()))
                .toList();
        return ExaBgpConfig.generate(speaker, list, Path.of("/var/lib/podroute/exabgp/podroute-relay.sh"));
    }

    static SpeakerConfig speaker(List<InetSocketAddress> listen) {
        return new SpeakerConfig(RibConfig.of(64512, 0x0A000001), listen, ip("10.0.0.1"), ip("fd00::1"), false);
    }

    @Test
    void neighbourWithEverySessionKnob() {
        PeerConfig c = PeerConfig.builder(ip("10.0.0.2"), 64513)
                .holdTime(9)
                .password("s3cret")
                .ttlSecurityHops(1)
                .restartTime(77)
                .families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST))
                .passive(true)
                .build();
        String conf = generate(speaker(List.of(new InetSocketAddress(ip("0.0.0.0"), 179))), c);
        for (String expected : List.of(
                "process podroute {\n  run /var/lib/podroute/exabgp/podroute-relay.sh;\n  encoder json;\n}\n",
                "neighbor 10.0.0.2 {\n",
                "  router-id 10.0.0.1;\n",
                "  local-address 10.0.0.1;\n",
                "  local-as 64512;\n",
                "  peer-as 64513;\n",
                "  hold-time 9;\n",
                "  passive true;\n",
                "  listen 179;\n",
                "  md5-password \"s3cret\";\n",
                "  outgoing-ttl 255;\n",
                "  incoming-ttl 255;\n",
                "    asn4 enable;\n    route-refresh;\n    graceful-restart 77;\n",
                "    ipv4 unicast;\n    ipv6 unicast;\n",
                "    processes [ podroute ];\n    neighbor-changes;\n",
                "      parsed;\n      update;\n      open;\n      notification;\n")) {
            assertTrue(conf.contains(expected), "has <" + expected + ">:\n" + conf);
        }
        assertFalse(conf.contains("static"), "no routes yet");
    }

    @Test
    void defaultsLikeTheNativeSpeaker() {
        String ebgp = generate(
                speaker(List.of()), PeerConfig.builder(ip("10.0.0.2"), 64513).build());
        assertTrue(ebgp.contains("  outgoing-ttl 1;\n"), "eBGP: TTL 1 as the native speaker");
        assertTrue(ebgp.contains("  hold-time 90;\n"));
        assertTrue(ebgp.contains("graceful-restart 120;"));
        assertFalse(ebgp.contains("listen"), "no listen address configured");
        assertFalse(ebgp.contains("incoming-ttl"));
        String ibgp = generate(
                speaker(List.of()),
                PeerConfig.builder(ip("fd00::2"), 64512)
                        .gracefulRestart(false)
                        .remotePort(1179)
                        .build());
        assertTrue(ibgp.contains("  local-address fd00::1;\n"), ibgp);
        assertTrue(ibgp.contains("  outgoing-ttl 255;\n"));
        assertTrue(ibgp.contains("  connect 1179;\n"));
        assertFalse(ibgp.contains("graceful-restart"));
    }

    @Test
    void passwordExaBgpCannotQuoteIsRefused() {
        PeerConfig c =
                PeerConfig.builder(ip("10.0.0.2"), 64513).password("a\"b").build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> generate(speaker(List.of()), c));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertFalse(e.getMessage().contains("a\"b"), "never the password itself");
    }

    @Test
    void relayJoinsExaBgpsPipesToOurs() {
        String relay = ExaBgpConfig.relayScript();
        assertTrue(relay.startsWith("#!/bin/sh\n"));
        assertTrue(relay.contains("cat <&4 >/proc/$PPID/fd/3 &"));
        assertTrue(relay.contains("exec cat </proc/$PPID/fd/0"));
        assertEquals("exec \"$0\" \"$@\" 3>&1 1>&2", ExaBgpConfig.LAUNCH);
        assertEquals("root", ExaBgpConfig.environment().get("exabgp_daemon_user"));
        assertEquals("false", ExaBgpConfig.environment().get("exabgp_api_cli"));
    }

    @Test
    void versionCheck() {
        Path bin = Path.of("/usr/sbin/exabgp");
        assertEquals("4.2.21", ExaBgpBinary.parseVersion(bin, "ExaBGP : 4.2.21\nPython : 3.11.2\n"));
        assertEquals("5.0", ExaBgpBinary.parseVersion(bin, "ExaBGP : 5.0"));
        ExaBgpUnavailableException old =
                assertThrows(ExaBgpUnavailableException.class, () -> ExaBgpBinary.parseVersion(bin, "ExaBGP : 4.1.2"));
        assertTrue(
                old.getMessage().contains("too old") && old.getMessage().contains("Debian package 'exabgp'"),
                old.getMessage());
        assertThrows(ExaBgpUnavailableException.class, () -> ExaBgpBinary.parseVersion(bin, "bash: exabgp: not found"));
        ExaBgpUnavailableException missing = assertThrows(
                ExaBgpUnavailableException.class, () -> ExaBgpBinary.check(Path.of("/nonexistent/exabgp")));
        assertTrue(missing.getMessage().contains("not found at /nonexistent/exabgp"), missing.getMessage());
        assertTrue(missing.getMessage().contains("install the Debian package 'exabgp'"), missing.getMessage());
    }
}
