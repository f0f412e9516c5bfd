package io.podroute.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.MaxPrefixAction;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BgpServeConfigTest {
    private static final String HEAD = "asn: 65001\nrouterId: 10.0.0.1\nlocalAddress: 192.0.2.1\n";
    private static final String PEER = "peers:\n  - address: 192.0.2.2\n    asn: 65002\n";

    @TempDir
    Path dir;

    private BgpServeSetup load(String yaml) throws ConfigException {
        return BgpServeSetup.from(BgpServeConfigLoader.parse(yaml), dir);
    }

    private List<String> errors(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).errors();
    }

    /** A valid config with {@code extra} lines appended to the first peer. */
    private static String peerWith(String... extra) {
        StringBuilder sb = new StringBuilder(HEAD + PEER);
        for (String e : extra) {
            sb.append("    ").append(e).append('\n');
        }
        return sb.toString();
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of(
                        HEAD + PEER + "  - address: 192.0.2.3\n    asn: 0\n",
                        "peers[1].asn: 0 is not a valid AS number"),
                Arguments.of(
                        "asn: 4294967296\nrouterId: 10.0.0.1\nlocalAddress: 192.0.2.1\n",
                        "asn: 4294967296 is not a valid AS number"),
                Arguments.of("routerId: 10.0.0.1\n", "asn: is required"),
                Arguments.of(
                        "asn: 65001\nrouterId: 1.2.3\n",
                        "routerId: '1.2.3' is not an IPv4 address (write the router id as a dotted quad)"),
                Arguments.of("asn: 65001\nrouterId: 0.0.0.0\n", "routerId: 0.0.0.0 is not a valid router id"),
                Arguments.of(
                        "asn: 65001\nrouterId: 10.0.0.1\nlisten: [\"10.0.0.1\"]\n",
                        "listen[0]: '10.0.0.1' is not addr:port"),
                Arguments.of(
                        "asn: 65001\nrouterId: 10.0.0.1\nlisten: [\"::1:179\"]\n",
                        "listen[0]: '::1:179' is not addr:port (write an IPv6 address in brackets: [addr]:port)"),
                Arguments.of(
                        "asn: 65001\nrouterId: 10.0.0.1\nlisten: [\"10.0.0.1:0\"]\n",
                        "listen[0]: '10.0.0.1:0': port 0 is outside 1..65535"),
                Arguments.of("asn: 65001\nrouterId: 10.0.0.1\napi: 127.0.0.1\n", "api: '127.0.0.1' is not addr:port"),
                Arguments.of(
                        "asn: 65001\nrouterId: 10.0.0.1\nlocalAddress: [192.0.2.1, 192.0.2.9]\n",
                        "localAddress[1]: a second IPv4 address (give at most one IPv4 and one IPv6 address)"),
                Arguments.of(
                        "asn: 65001\nrouterId: 10.0.0.1\n" + PEER,
                        "localAddress: an IPv4 address is needed as next hop: a peer exchanges ipv4-unicast routes"),
                Arguments.of(
                        HEAD + "peers:\n  - { address: foo, asn: 65002 }\n",
                        "peers[0].address: 'foo' is not an IP address"),
                Arguments.of(HEAD + "peers:\n  - asn: 65002\n", "peers[0].address: is required"),
                Arguments.of(peerWith("port: 70000"), "peers[0].port: 70000 is outside 1..65535"),
                Arguments.of(peerWith("localAs: 0"), "peers[0].localAs: 0 is not a valid AS number"),
                Arguments.of(peerWith("holdTime: 2"), "peers[0].holdTime: 2 must be 0 or 3..65535 (seconds)"),
                Arguments.of(peerWith("holdTime: abc"), "peers[0].holdTime: 'abc' is not a whole number"),
                Arguments.of(peerWith("holdTime: 9.5"), "peers[0].holdTime: '9.5' is not a whole number"),
                Arguments.of(
                        peerWith("holdTime: 30", "keepalive: 30"), "peers[0].keepalive: 30 must be below holdTime 30"),
                Arguments.of(peerWith("connectRetry: 0"), "peers[0].connectRetry: 0 is outside 1..65535"),
                Arguments.of(peerWith("passive: maybe"), "peers[0].passive: 'maybe' is not true or false"),
                Arguments.of(peerWith("multihopTtl: 256"), "peers[0].multihopTtl: 256 is outside 1..255"),
                Arguments.of(
                        peerWith("multihopTtl: 2", "ttlSecurityHops: 1"),
                        "peers[0].multihopTtl: cannot be combined with ttlSecurityHops (GTSM always sends TTL 255)"),
                Arguments.of(peerWith("ttlSecurityHops: 255"), "peers[0].ttlSecurityHops: 255 is outside 0..254"),
                Arguments.of(
                        peerWith("sourceAddress: \"fd00::1\""),
                        "peers[0].sourceAddress: must be of the same address family as address"),
                Arguments.of(
                        peerWith("gracefulRestart: { restartTime: 5000 }"),
                        "peers[0].gracefulRestart.restartTime: 5000 is outside 0..4095"),
                Arguments.of(
                        peerWith("families: [ipv4-multicast]"),
                        "peers[0].families[0]: 'ipv4-multicast' is not a supported family (ipv4-unicast, ipv6-unicast)"),
                Arguments.of(
                        peerWith("families: []"),
                        "peers[0].families: must name at least one family (ipv4-unicast, ipv6-unicast)"),
                Arguments.of(
                        peerWith("addPath: { receive: [ipv6-unicast] }"),
                        "peers[0].addPath.receive: ipv6-unicast is not one of the peer's families"),
                Arguments.of(peerWith("importPolicy: nope"), "peers[0].importPolicy: no policy 'nope' under policies"),
                Arguments.of(peerWith("exportPolicy: nope"), "peers[0].exportPolicy: no policy 'nope' under policies"),
                Arguments.of(
                        peerWith("maxPrefix: { limit: 0 }"), "peers[0].maxPrefix.limit: 0 is outside 1..4294967295"),
                Arguments.of(
                        peerWith("maxPrefix: { limit: 10, action: explode }"),
                        "peers[0].maxPrefix.action: unknown value 'explode', expected one of teardown, warn-only"),
                Arguments.of(
                        peerWith("routeReflectorClient: true"),
                        "peers[0].routeReflectorClient: only an iBGP peer (asn equal to our AS) can be a client"),
                Arguments.of(
                        peerWith("passwordFile: missing.txt"),
                        "peers[0].passwordFile: {dir}/missing.txt: no such file"),
                Arguments.of(
                        HEAD + PEER + "  - address: 192.0.2.2\n    asn: 65003\n",
                        "peers[1].address: 192.0.2.2 is already peers[0]"),
                Arguments.of(
                        HEAD + "prefixLists:\n  pods:\n    - { prefix: 10.0.0.0/8, le: 33 }\n",
                        "prefixLists.pods[0].le: 33 exceeds 32 for an IPv4 prefix"),
                Arguments.of(
                        HEAD + "policies:\n  all: { defaultAction: maybe }\n",
                        "policies.all.defaultAction: unknown value 'maybe', expected one of accept, reject"),
                Arguments.of(
                        HEAD + "policies:\n  p:\n    terms:\n      - match: { prefixList: { name: pods } }\n",
                        "policies.p.terms[0].match.prefixList.name: no prefix list 'pods' under prefixLists"),
                Arguments.of(
                        HEAD + "announce:\n  - prefix: 10.1.0.1/24\n",
                        "announce[0].prefix: 10.1.0.1/24 has host bits set (did you mean 10.1.0.0/24?)"),
                Arguments.of(HEAD + "announce:\n  - med: 5\n", "announce[0].prefix: is required"),
                Arguments.of(
                        HEAD + "announce:\n  - prefix: 10.1.0.0/24\n  - prefix: 10.1.0.0/24\n",
                        "announce[1].prefix: 10.1.0.0/24 is announced twice"),
                Arguments.of(
                        HEAD + "announce:\n  - { prefix: 10.1.0.0/24, communities: [\"65536:1\"] }\n",
                        "announce[0].communities[0]: '65536:1' is not a community (expected AS:value, each 0..65535,"
                                + " or no-export, no-advertise, no-export-subconfed, blackhole, graceful-shutdown)"),
                Arguments.of(
                        HEAD + "announce:\n  - { prefix: 10.1.0.0/24, largeCommunities: [\"1:2\"] }\n",
                        "announce[0].largeCommunities[0]: '1:2' is not a large community (expected a:b:c, each"
                                + " 0..4294967295)"),
                Arguments.of(
                        HEAD + "announce:\n  - { prefix: 10.1.0.0/24, med: -1 }\n",
                        "announce[0].med: -1 is outside 0..4294967295"),
                Arguments.of(
                        HEAD + "announce:\n  - { prefix: 10.1.0.0/24, asPathPrepend: 0 }\n",
                        "announce[0].asPathPrepend: 0 is outside 1..32"),
                Arguments.of(HEAD + "peers: {}\n", "peers: expected a list"),
                Arguments.of(
                        HEAD + "asnn: 1\n",
                        "asnn: unknown field (known fields: announce, api, asn, listen, localAddress, peers, policies,"
                                + " prefixLists, routerId)"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void namesTheFieldAndTheReason(String yaml, String expected) {
        assertEquals(List.of(expected.replace("{dir}", dir.toString())), errors(yaml), yaml);
    }

    @Test
    void unknownPeerFieldIsRefusedWithItsPath() {
        List<String> e = errors(peerWith("pasword: secret"));
        assertEquals(1, e.size());
        assertTrue(
                e.get(0).startsWith("peers[0].pasword: unknown field (known fields: addPath, address, asn,"), e.get(0));
        assertFalse(e.get(0).contains("secret"), e.get(0));
    }

    @Test
    void unknownFieldDeepInAPolicyIsRefusedWithItsPath() {
        List<String> e = errors(HEAD + "policies:\n  p:\n    terms:\n      - match: { prefixLst: { name: x } }\n");
        assertTrue(e.get(0).startsWith("policies.p.terms[0].match.prefixLst: unknown field"), e.get(0));
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() {
        List<String> e = errors("asn: 65001\npeers: [\n");
        assertEquals(List.of("YAML syntax (line 2, column 9): while parsing a flow node"), e);
    }

    @Test
    void duplicateKeysAreRefused() {
        List<String> e = errors("asn: 65001\nasn: 65002\nrouterId: 10.0.0.1\n");
        assertTrue(e.get(0).contains("Duplicate field 'asn'"), e.get(0));
    }

    @Test
    void emptyFileIsRefused() {
        assertEquals(List.of("the file is empty (asn, routerId and peers are required)"), errors(""));
    }

    @Test
    void reportsEveryErrorAtOnce() {
        List<String> e = errors("asn: 0\nrouterId: x\npeers:\n  - address: 192.0.2.2\n    asn: 0\n    holdTime: 1\n");
        assertEquals(
                List.of(
                        "asn: 0 is not a valid AS number",
                        "routerId: 'x' is not an IPv4 address (write the router id as a dotted quad)",
                        "peers[0].asn: 0 is not a valid AS number",
                        "peers[0].holdTime: 1 must be 0 or 3..65535 (seconds)"),
                e);
    }

    @Test
    void appliesTheDefaults() throws ConfigException, IOException {
        BgpServeSetup s = load(HEAD + PEER);
        assertEquals(65001, s.asn());
        assertEquals("10.0.0.1", s.routerId());
        assertEquals(new InetSocketAddress("127.0.0.1", 7179), s.api());
        assertEquals(List.of(), s.speaker().listen());
        assertEquals(List.of(), s.warnings());
        assertEquals(0x0A000001, s.speaker().rib().routerId());
        assertEquals(
                Set.of(InetAddress.getByName("192.0.2.1")), s.speaker().rib().ownAddresses());
        assertNull(s.speaker().localIpv6());
        SpeakerPeer p = s.peers().get(0);
        PeerConfig c = p.session();
        assertEquals(179, c.remotePort());
        assertEquals(65002, c.remoteAs());
        assertEquals(0, c.localAs());
        assertEquals(90, c.holdTime());
        assertEquals(-1, c.keepaliveTime());
        assertEquals(Duration.ofSeconds(30), c.connectRetry());
        assertFalse(c.passive());
        assertEquals(0, c.ttl());
        assertNull(c.password());
        assertEquals(0, c.ttlSecurityHops());
        assertTrue(c.gracefulRestart());
        assertEquals(120, c.restartTime());
        assertEquals(Set.of(Family.IPV4_UNICAST), c.families());
        assertNull(p.importPolicy());
        assertNull(p.exportPolicy());
        assertNull(p.maxPrefix());
        assertFalse(p.nextHopSelf());
    }

    @Test
    void bindsEveryField() throws ConfigException, IOException {
        Path pw = dir.resolve("tor1.key");
        Files.writeString(pw, "s3cret-key\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        String yaml = "asn: 4200000001\nrouterId: 10.0.0.1\nlisten: [\"0.0.0.0:1179\", \"[::]:1179\"]\n"
                + "localAddress: [192.0.2.1, \"fd00::1\"]\napi: \"[::1]:7180\"\n"
                + "policies:\n  all: { defaultAction: accept }\n  none: {}\n"
                + "peers:\n  - address: 192.0.2.2\n    port: 1179\n    asn: 65002\n    localAs: 65010\n"
                + "    holdTime: 9\n    keepalive: 3\n    connectRetry: 5\n    passive: true\n"
                + "    sourceAddress: 192.0.2.1\n    passwordFile: tor1.key\n    ttlSecurityHops: 1\n"
                + "    gracefulRestart: { enabled: false, restartTime: 60 }\n"
                + "    families: [ipv4-unicast, ipv6-unicast]\n"
                + "    addPath: { receive: [ipv4-unicast], send: [ipv6-unicast] }\n"
                + "    importPolicy: all\n    exportPolicy: none\n"
                + "    maxPrefix: { limit: 100, warningThresholdPercent: 50, action: warn-only,"
                + " restartIntervalSeconds: 30 }\n"
                + "    nextHopSelf: true\n"
                + "  - { address: 192.0.2.3, asn: 4200000001, routeReflectorClient: true, multihopTtl: 3 }\n"
                + "announce:\n  - prefix: 10.1.0.0/24\n    communities: [\"65001:100\", no-export]\n"
                + "    largeCommunities: [\"4200000001:1:2\"]\n    med: 10\n    localPref: 200\n    asPathPrepend: 2\n"
                + "  - prefix: \"fd00:10::/64\"\n";
        BgpServeSetup s = load(yaml);
        assertEquals(4200000001L, s.asn());
        assertEquals(
                List.of(new InetSocketAddress("0.0.0.0", 1179), new InetSocketAddress("::", 1179)),
                s.speaker().listen());
        assertEquals(InetAddress.getByName("fd00::1"), s.speaker().localIpv6());
        assertEquals(new InetSocketAddress("::1", 7180), s.api());
        PeerConfig c = s.peers().get(0).session();
        assertEquals(1179, c.remotePort());
        assertEquals(65010, c.localAs());
        assertEquals(9, c.holdTime());
        assertEquals(3, c.keepaliveTime());
        assertEquals(Duration.ofSeconds(5), c.connectRetry());
        assertTrue(c.passive());
        assertEquals(InetAddress.getByName("192.0.2.1"), c.sourceAddress());
        assertEquals("s3cret-key", c.password());
        assertEquals(1, c.ttlSecurityHops());
        assertFalse(c.gracefulRestart());
        assertEquals(60, c.restartTime());
        assertEquals(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), c.families());
        assertEquals(Set.of(Family.IPV4_UNICAST), c.addPathReceive());
        assertEquals(Set.of(Family.IPV6_UNICAST), c.addPathSend());
        SpeakerPeer p = s.peers().get(0);
        assertEquals("policy all (0 terms, default accept)", p.importPolicy().toString());
        assertEquals("policy none (0 terms, default reject)", p.exportPolicy().toString());
        assertEquals(100, p.maxPrefix().limit());
        assertEquals(50, p.maxPrefix().warningThresholdPercent());
        assertEquals(MaxPrefixAction.WARN_ONLY, p.maxPrefix().action());
        assertEquals(30, p.maxPrefix().restartIntervalSeconds());
        assertTrue(p.nextHopSelf());
        assertFalse(s.toString().contains("s3cret"), "the password must not show in the setup's text");
        PeerConfig rr = s.peers().get(1).session();
        assertTrue(rr.routeReflectorClient());
        assertEquals(3, rr.ttl());

        LocalRoute r = s.routes().get(0);
        PathAttributes a = r.attributes();
        assertEquals(Origin.IGP, a.find(Origin.class));
        assertEquals(AsPath.sequence((int) 4200000001L, (int) 4200000001L), a.find(AsPath.class));
        assertEquals(10, a.find(MultiExitDisc.class).value());
        assertEquals(200, a.find(LocalPref.class).value());
        assertEquals(2, a.find(Communities.class).size());
        assertEquals(AsPath.EMPTY, s.routes().get(1).attributes().find(AsPath.class));
        assertEquals("fd00:10::/64", s.routes().get(1).prefix().toString());
    }

    @Test
    void refusesAWorldReadablePasswordFile() throws IOException {
        Path pw = dir.resolve("open.key");
        Files.writeString(pw, "s3cret\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> e = errors(peerWith("passwordFile: open.key"));
        assertEquals(
                List.of("peers[0].passwordFile: " + pw + " is readable by every user (rw-r--r--); run chmod 600 on it"),
                e);
        assertFalse(e.get(0).contains("s3cret"));
    }

    @Test
    void warnsAboutANonLoopbackApi() throws ConfigException {
        BgpServeSetup s = load(HEAD + "api: 0.0.0.0:7179\n");
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).startsWith("api: 0.0.0.0:7179 is not a loopback address"));
    }

    @Test
    void theExampleInTheDocsIsValid() throws IOException, ConfigException {
        String md = Files.readString(Path.of("..", "docs", "bgp-serve.md"), StandardCharsets.UTF_8);
        int start = md.indexOf("```yaml\n");
        int end = md.indexOf("```", start + 8);
        assertTrue(start >= 0 && end > start, "docs/bgp-serve.md has a ```yaml block");
        String yaml = md.substring(start + 8, end).replace("passwordFile: /etc/podroute/tor1.key", "");
        BgpServeSetup s = load(yaml);
        assertFalse(s.peers().isEmpty());
        assertFalse(s.routes().isEmpty());
    }
}
