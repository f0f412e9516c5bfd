package io.podroute.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import io.podroute.ipip.DataPlaneChoice;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.routes.Prefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    static final String MIN = "bgp: {asn: 64512}\nipam: {pools: [{cidr: 10.244.0.0/16}]}\n";
    private static final Path EXAMPLE = Path.of("..", "ops", "examples", "agent.yaml");

    @TempDir
    Path dir;

    private AgentSetup load(String yaml) throws ConfigException {
        return AgentConfigLoader.parse(yaml, dir, () -> "Test-Host");
    }

    private List<String> errors(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).errors();
    }

    private static Inet4Address v4(String text) throws IOException {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void theExampleFileLoadsToTheExpectedSetup() throws Exception {
        AgentSetup s = AgentConfigLoader.load(EXAMPLE);
        assertEquals(new AgentSetup.Node("node1", v4("192.168.1.10"), null), s.node());
        AgentSetup.Bgp bgp = s.bgp();
        assertEquals(64512, bgp.asn());
        assertEquals(v4("192.168.1.10"), bgp.routerId());
        assertEquals(List.of(new InetSocketAddress("0.0.0.0", 179)), bgp.listen());
        assertEquals(new AgentSetup.Mesh(true, 179, 90, true, 120, null), bgp.mesh());
        assertEquals(1, bgp.peers().size());
        SpeakerPeer tor = bgp.peers().get(0);
        PeerConfig c = tor.session();
        assertEquals(InetAddress.getByName("192.168.1.1"), c.remoteAddress());
        assertEquals(65000, c.remoteAs());
        assertEquals(30, c.holdTime());
        assertEquals(Set.of(Family.IPV4_UNICAST), c.families());
        assertEquals(
                "policy from-tor (0 terms, default accept)", tor.importPolicy().toString());
        assertEquals(
                "policy to-tor (1 terms, default reject)", tor.exportPolicy().toString());
        assertEquals(List.of(new AgentSetup.Pool(Prefix.parse("10.244.0.0/16"), 26, true)), s.pools());
        assertEquals(Duration.ofHours(24), s.autoRelease());
        assertEquals(
                new AgentSetup.Store(
                        AgentSetup.Store.Kind.FILE,
                        Path.of("/var/lib/podroute/ipam.json"),
                        List.of(),
                        null,
                        Duration.ofSeconds(5)),
                s.datastore());
        assertEquals(IpipMode.CROSS_SUBNET, s.ipipMode());
        assertEquals(DataPlaneChoice.AUTO, s.dataPlane());
        assertEquals(
                new AgentSetup.Cni(
                        true,
                        Path.of("/etc/cni/net.d"),
                        "10-podroute.conflist",
                        "podroute",
                        AgentSetup.Cni.Plugin.BRIDGE,
                        "podroute0",
                        0,
                        null),
                s.cni());
        assertEquals(new AgentSetup.Routes(77, 1024, Duration.ofSeconds(60)), s.routes());
        assertEquals(new InetSocketAddress("127.0.0.1", 7179), s.api());
        assertEquals(new InetSocketAddress("0.0.0.0", 9179), s.metrics());
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void theDocsShowTheExampleFile() throws IOException {
        String md = Files.readString(Path.of("..", "docs", "config.md"), StandardCharsets.UTF_8);
        String example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        int section = md.indexOf("\n## agent");
        assertTrue(section >= 0, "docs/config.md has an agent section");
        String marker = "```yaml\n# podroute agent --config";
        int start = md.indexOf(marker, section);
        assertTrue(start >= 0, "the agent section has the example");
        int end = md.indexOf("```\n", start + 8);
        assertEquals(example, md.substring(start + 8, end), "docs/config.md and ops/examples/agent.yaml differ");
    }

    @Test
    void selectsTheExaBgpBackendWithItsDefaults() throws ConfigException {
        AgentSetup s = load("bgp: {asn: 64512, speaker: exabgp}\n" + MIN.substring(MIN.indexOf("ipam:")));
        assertEquals(AgentSetup.Backend.EXABGP, s.bgp().backend());
        assertEquals(
                new AgentSetup.ExaBgp(Path.of("/usr/sbin/exabgp"), Path.of("/run/podroute/exabgp")),
                s.bgp().exabgp());
    }

    @Test
    void appliesTheDefaults() throws ConfigException {
        AgentSetup s = load(MIN);
        assertEquals(new AgentSetup.Node("test-host", null, null), s.node());
        assertEquals(64512, s.bgp().asn());
        assertNull(s.bgp().routerId());
        assertEquals(List.of(new InetSocketAddress("0.0.0.0", 179)), s.bgp().listen());
        assertEquals(
                new AgentSetup.Mesh(true, 179, 90, true, 120, null), s.bgp().mesh());
        assertEquals(List.of(), s.bgp().peers());
        assertEquals(AgentSetup.Backend.NATIVE, s.bgp().backend());
        assertNull(s.bgp().exabgp());
        assertEquals(List.of(new AgentSetup.Pool(Prefix.parse("10.244.0.0/16"), 26, true)), s.pools());
        assertNull(s.autoRelease());
        assertEquals(
                new AgentSetup.Store(
                        AgentSetup.Store.Kind.FILE,
                        Path.of("/var/lib/podroute/ipam.json"),
                        List.of(),
                        null,
                        Duration.ofSeconds(5)),
                s.datastore());
        assertEquals(IpipMode.CROSS_SUBNET, s.ipipMode());
        assertEquals(DataPlaneChoice.AUTO, s.dataPlane());
        assertEquals(
                new AgentSetup.Cni(
                        true,
                        Path.of("/etc/cni/net.d"),
                        "10-podroute.conflist",
                        "podroute",
                        AgentSetup.Cni.Plugin.BRIDGE,
                        "podroute0",
                        0,
                        null),
                s.cni());
        assertEquals(new AgentSetup.Routes(77, 1024, Duration.ofSeconds(60)), s.routes());
        assertEquals(new InetSocketAddress("127.0.0.1", 7179), s.api());
        assertEquals(new InetSocketAddress("0.0.0.0", 9179), s.metrics());
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void bindsTheValuesTheExampleLeavesAtTheirDefaults() throws ConfigException {
        String yaml = "node: {interface: eth1}\n"
                + "bgp:\n  asn: 4200000001\n  listen: []\n  mesh: {enabled: false, port: 1179, holdTime: 0,"
                + " gracefulRestart: {enabled: false, restartTime: 0}}\n"
                + "  peers: [{address: \"fd00::1\", asn: 65000, families: [ipv4-unicast]}]\n"
                + "ipam:\n  pools:\n    - {cidr: 10.244.0.0/16, blockSize: 16, natOutgoing: false}\n"
                + "    - {cidr: 172.16.0.0/12}\n  autoRelease: PT1H30M\n"
                + "datastore:\n  type: ETCD\n  etcd: {endpoints: [\"http://10.0.0.5:2379\", \"https://etcd.example:2379/\"],"
                + " prefix: /lab1/}\n  timeout: 1500ms\n"
                + "ipip: {mode: always, dataPlane: Userspace}\n"
                + "cni: {enabled: false, confDir: cni, fileName: 99-x.conflist, networkName: Pods_1.x, plugin: PTP,"
                + " mtu: 1400, ipamDataDir: /run/ipam}\n"
                + "routes: {protocol: 201, blackholeMetric: 4294967295, resyncInterval: 1h30m}\n"
                + "api: {listen: \"[::1]:0\"}\n"
                + "metrics: {listen: \"[::]:9100\"}\n";
        AgentSetup s = load(yaml);
        assertEquals(new AgentSetup.Node("test-host", null, "eth1"), s.node());
        assertEquals(4200000001L, s.bgp().asn());
        assertEquals(List.of(), s.bgp().listen());
        assertEquals(
                new AgentSetup.Mesh(false, 1179, 0, false, 0, null), s.bgp().mesh());
        assertEquals(
                Set.of(Family.IPV4_UNICAST), s.bgp().peers().get(0).session().families());
        assertEquals(
                List.of(
                        new AgentSetup.Pool(Prefix.parse("10.244.0.0/16"), 16, false),
                        new AgentSetup.Pool(Prefix.parse("172.16.0.0/12"), 26, true)),
                s.pools());
        assertEquals(Duration.ofMinutes(90), s.autoRelease());
        assertEquals(
                new AgentSetup.Store(
                        AgentSetup.Store.Kind.ETCD,
                        null,
                        List.of(URI.create("http://10.0.0.5:2379"), URI.create("https://etcd.example:2379/")),
                        "/lab1/",
                        Duration.ofMillis(1500)),
                s.datastore());
        assertEquals(IpipMode.ALWAYS, s.ipipMode());
        assertEquals(DataPlaneChoice.USERSPACE, s.dataPlane());
        assertEquals(
                new AgentSetup.Cni(
                        false,
                        dir.resolve("cni"),
                        "99-x.conflist",
                        "Pods_1.x",
                        AgentSetup.Cni.Plugin.PTP,
                        null,
                        1400,
                        Path.of("/run/ipam")),
                s.cni());
        assertEquals(new AgentSetup.Routes(201, -1, Duration.ofMinutes(90)), s.routes());
        assertEquals(new InetSocketAddress("::1", 0), s.api());
        assertEquals(new InetSocketAddress("::", 9100), s.metrics());
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void metricsCanBeTurnedOff() throws ConfigException {
        assertNull(load(MIN + "metrics: {listen: off}\n").metrics());
        assertNull(load(MIN + "metrics: {listen: OFF}\n").metrics());
        assertNull(load(MIN + "metrics: {listen: null}\n").metrics());
        assertNull(load(MIN + "metrics: {listen: ~}\n").metrics());
        assertNull(load(MIN + "metrics:\n").metrics());
        assertEquals(
                new InetSocketAddress("0.0.0.0", 9179),
                load(MIN + "metrics: {}\n").metrics());
    }

    @Test
    void autoReleaseNeverIsNull() throws ConfigException {
        assertNull(load("bgp: {asn: 1}\nipam: {pools: [{cidr: 10.0.0.0/8}], autoRelease: never}\n")
                .autoRelease());
        assertNull(load("bgp: {asn: 1}\nipam: {pools: [{cidr: 10.0.0.0/8}], autoRelease: null}\n")
                .autoRelease());
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        String yaml = "node: {name: Bad_Name, ip: 127.0.0.1}\n"
                + "bgp: {asn: 0, routerId: x, mesh: {holdTime: 1}}\n"
                + "ipam:\n  pools:\n    - {cidr: 10.244.0.0/15}\n    - {cidr: 10.244.0.0/16}\n  autoRelease: 10\n"
                + "datastore: {type: etcd}\n"
                + "ipip: {mode: sometimes}\n"
                + "cni: {mtu: 100}\n"
                + "routes: {protocol: 0}\n"
                + "api: {listen: \"0.0.0.0:7179\"}\n";
        assertEquals(
                List.of(
                        "node.name: 'Bad_Name' is not a valid node name (" + Fields.NODE_NAME_RULE + ")",
                        "node.ip: 127.0.0.1 is a loopback address; other nodes must reach this one on it",
                        "bgp.asn: 0 is not a valid AS number",
                        "bgp.routerId: 'x' is not an IPv4 address (write the router id as a dotted quad)",
                        "bgp.mesh.holdTime: 1 must be 0 or 3..65535 (seconds)",
                        "ipam.pools[1].cidr: 10.244.0.0/16 overlaps ipam.pools[0] 10.244.0.0/15",
                        "ipam.autoRelease: '10' is not a duration (write e.g. 30s, 10m, 24h, 1h30m or PT24H)",
                        "datastore.etcd.endpoints: required when datastore.type is etcd",
                        "ipip.mode: 'sometimes' is not Always, CrossSubnet or Never",
                        "cni.mtu: 100 must be 0 (auto) or 576..65535",
                        "routes.protocol: 0 is outside 5..255",
                        "api.listen: 0.0.0.0:7179 is not a loopback address (the API has no authentication and must"
                                + " not be reachable from other hosts)"),
                errors(yaml));
    }

    @Test
    void unknownFieldsAreRefusedWithTheirPath() {
        assertEquals(
                List.of("bgp.mesh.pasword: unknown field (known fields: enabled, gracefulRestart, holdTime,"
                        + " passwordFile, port)"),
                errors("bgp: {asn: 1, mesh: {pasword: x}}\n"));
        assertEquals(
                List.of(
                        "ipm: unknown field (known fields: api, bgp, cni, datastore, ipam, ipip, metrics, node, routes)"),
                errors("bgp: {asn: 1}\nipm: {pools: []}\n"));
        assertEquals(
                List.of("node.interfaces: unknown field (known fields: interface, ip, name)"),
                errors(MIN + "node: {interfaces: eth0}\n"));
        List<String> peer = errors("bgp: {asn: 1, peers: [{address: 10.0.0.1, asn: 2, pasword: secret}]}\n");
        assertTrue(peer.get(0).startsWith("bgp.peers[0].pasword: unknown field (known fields: addPath,"), peer.get(0));
        assertFalse(peer.get(0).contains("secret"));
    }

    @Test
    void syntaxAndShapeErrors() {
        assertEquals(List.of(AgentConfigLoader.EMPTY), errors("# nothing\n"));
        assertEquals(
                List.of("YAML syntax (line 1, column 13): while parsing a flow mapping"), errors("bgp: {asn: 1\n"));
        assertEquals(List.of("ipam.pools: expected a list"), errors("bgp: {asn: 1}\nipam: {pools: 10.0.0.0/8}\n"));
        assertEquals(List.of("api: expected a mapping (field: value)"), errors(MIN + "api: \"127.0.0.1:7179\"\n"));
        assertTrue(errors("bgp: {asn: 1}\nbgp: {asn: 2}\n").get(0).contains("Duplicate field 'bgp'"));
    }

    @Test
    void theMeshPasswordIsReadFromItsFile() throws IOException, ConfigException {
        Path key = dir.resolve("mesh.key");
        Files.writeString(key, "s3cret-mesh\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        AgentSetup s = load("bgp: {asn: 1, mesh: {passwordFile: mesh.key}}\nipam: {pools: [{cidr: 10.0.0.0/8}]}\n");
        assertEquals("s3cret-mesh", s.bgp().mesh().password());
        assertFalse(s.toString().contains("s3cret"), "the password must not show in the setup's text");
    }

    @Test
    void badMeshPasswordFilesNameTheField() throws IOException {
        Path empty = dir.resolve("empty.key");
        Files.writeString(empty, "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        Path tooLong = dir.resolve("long.key");
        Files.writeString(tooLong, "k".repeat(81), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tooLong, PosixFilePermissions.fromString("rw-------"));
        Path open = dir.resolve("open.key");
        Files.writeString(open, "s3cret", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Path folder = Files.createDirectory(dir.resolve("folder.key"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        assertEquals(
                List.of("bgp.mesh.passwordFile: " + dir.resolve("none.key") + ": no such file"), meshKey("none.key"));
        assertEquals(List.of("bgp.mesh.passwordFile: " + empty + " is empty"), meshKey("empty.key"));
        assertEquals(
                List.of("bgp.mesh.passwordFile: the password in " + tooLong
                        + " is longer than 80 bytes (the TCP MD5 key limit)"),
                meshKey("long.key"));
        assertEquals(
                List.of("bgp.mesh.passwordFile: " + open
                        + " is readable by every user (rw-r--r--); run chmod 600 on it"),
                meshKey("open.key"));
        List<String> e = meshKey(folder.toString());
        assertTrue(e.get(0).startsWith("bgp.mesh.passwordFile: " + folder + ": cannot read: "), e.get(0));
        for (String line : meshKey("open.key")) {
            assertFalse(line.contains("s3cret"), line);
        }
    }

    private List<String> meshKey(String file) {
        return errors("bgp: {asn: 1, mesh: {passwordFile: \"" + file + "\"}}\nipam: {pools: [{cidr: 10.0.0.0/8}]}\n");
    }

    @Test
    void aHostNameThatIsNoNodeNameAsksForNodeName() {
        assertEquals(
                List.of("node.name: the host name 'web_01' is not a valid node name (" + Fields.NODE_NAME_RULE
                        + "); set node.name"),
                assertThrows(ConfigException.class, () -> AgentConfigLoader.parse(MIN, dir, () -> "web_01"))
                        .errors());
        assertEquals(
                List.of("node.name: the host name cannot be determined; set node.name"),
                assertThrows(ConfigException.class, () -> AgentConfigLoader.parse(MIN, dir, () -> null))
                        .errors());
    }

    @Test
    void warnings() throws ConfigException {
        assertEquals(
                List.of("routes.protocol: 186 is used by FRR (bgp); podroute replaces and deletes every route"
                        + " carrying its protocol number, so no other routing software on this host may use it"),
                load(MIN + "routes: {protocol: 186}\n").warnings());
        assertEquals(
                List.of("bgp.mesh.enabled: the mesh is off and there are no bgp.peers: this node learns no routes to"
                        + " other nodes' pods (fine only if the underlay routes the pools)"),
                load("bgp: {asn: 1, mesh: {enabled: false}}\nipam: {pools: [{cidr: 10.0.0.0/8}]}\n")
                        .warnings());
        assertEquals(
                List.of("bgp.mesh.port: no bgp.listen address has port 179, which other nodes connect to; mesh"
                        + " sessions will only be opened by this node"),
                load("bgp: {asn: 1, listen: [\"0.0.0.0:1179\"]}\nipam: {pools: [{cidr: 10.0.0.0/8}]}\n")
                        .warnings());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofDays(7), DurationText.parse("7d"));
        assertEquals(Duration.ofSeconds(5430), DurationText.parse("1h30m30s"));
        assertEquals(Duration.ofHours(24), DurationText.parse("pt24h"));
        assertEquals("1h30m", DurationText.format(Duration.ofMinutes(90)));
        assertEquals("100ms", DurationText.format(Duration.ofMillis(100)));
        for (String bad : new String[] {"", "10", "s", "1.5h", "-1s", "PT-1S", "1h 30m", "1y"}) {
            assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
        }
    }
}
