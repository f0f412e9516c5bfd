package io.podroute.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One bad value for every field of the agent's file, each with the exact {@code path: reason}. */
class AgentConfigFieldsTest {
    private static final String ASN = "bgp: {asn: 64512}\n";
    private static final String POOLS = "ipam: {pools: [{cidr: 10.244.0.0/16}]}\n";
    private static final String MIN = ASN + POOLS;

    @TempDir
    Path dir;

    /** The minimal file plus one more top-level section. */
    private static Arguments with(String section, String expected) {
        return Arguments.of(MIN + section + "\n", expected);
    }

    /** A {@code bgp} section (with asn 64512) holding {@code fields}, plus the pools. */
    private static Arguments bgp(String fields, String expected) {
        return Arguments.of("bgp: {asn: 64512, " + fields + "}\n" + POOLS, expected);
    }

    /** An {@code ipam} section holding {@code fields}, plus the asn. */
    private static Arguments ipam(String fields, String expected) {
        return Arguments.of(ASN + "ipam: {" + fields + "}\n", expected);
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                with(
                        "node: {name: Node_1}",
                        "node.name: 'Node_1' is not a valid node name (" + Fields.NODE_NAME_RULE + ")"),
                with(
                        "node: {name: \"" + "a".repeat(254) + "\"}",
                        "node.name: '" + "a".repeat(254) + "' is not a valid node name (" + Fields.NODE_NAME_RULE
                                + ")"),
                with("node: {ip: 10.0.0}", "node.ip: '10.0.0' is not an IP address"),
                with("node: {ip: \"fd00::1\"}", "node.ip: 'fd00::1' is IPv6; only IPv4 is supported for now"),
                with(
                        "node: {ip: 0.0.0.0}",
                        "node.ip: 0.0.0.0 is the unspecified address; other nodes must reach this one on it"),
                with(
                        "node: {ip: 224.0.0.5}",
                        "node.ip: 224.0.0.5 is a multicast address; other nodes must reach this one on it"),
                with("node: {ip: 10.244.3.1}", "node.ip: 10.244.3.1 is inside the pod pool 10.244.0.0/16"),
                with(
                        "node: {interface: \"eth0/1\"}",
                        "node.interface: 'eth0/1' is not a valid interface name (no '/', ':' or whitespace)"),
                with(
                        "node: {interface: verylonginterface0}",
                        "node.interface: 'verylonginterface0' is longer than 15 bytes (the Linux interface name limit)"),
                with("node: {interface: \"\"}", "node.interface: must not be empty"),
                with(
                        "node: {ip: 192.168.1.10, interface: eth0}",
                        "node.interface: cannot be combined with node.ip (the IP is given, there is nothing to detect)"),
                Arguments.of(POOLS, "bgp.asn: is required"),
                Arguments.of("bgp: {routerId: 10.0.0.1}\n" + POOLS, "bgp.asn: is required"),
                Arguments.of("bgp: {asn: 4294967296}\n" + POOLS, "bgp.asn: 4294967296 is not a valid AS number"),
                Arguments.of("bgp: {asn: sixty}\n" + POOLS, "bgp.asn: 'sixty' is not a whole number"),
                bgp("routerId: 0.0.0.0", "bgp.routerId: 0.0.0.0 is not a valid router id"),
                bgp(
                        "routerId: \"fd00::1\"",
                        "bgp.routerId: 'fd00::1' is not an IPv4 address (write the router id as a dotted quad)"),
                bgp("listen: [\"0.0.0.0\"]", "bgp.listen[0]: '0.0.0.0' is not addr:port"),
                bgp("listen: [\"0.0.0.0:0\"]", "bgp.listen[0]: '0.0.0.0:0': port 0 is outside 1..65535"),
                bgp("listen: [\"0.0.0.0:179\", \"0.0.0.0:179\"]", "bgp.listen[1]: 0.0.0.0:179 is listed twice"),
                bgp("listen: \"0.0.0.0:179\"", "bgp.listen: expected a list"),
                bgp("mesh: {enabled: maybe}", "bgp.mesh.enabled: 'maybe' is not true or false"),
                bgp("mesh: {port: 0}", "bgp.mesh.port: 0 is outside 1..65535"),
                bgp("speaker: gobgp", "bgp.speaker: 'gobgp' is not native or exabgp"),
                bgp("exabgp: {binary: /usr/sbin/exabgp}", "bgp.exabgp: only used with bgp.speaker: exabgp"),
                bgp("speaker: exabgp, exabgp: {workDir: ''}", "bgp.exabgp.workDir: must not be empty"),
                bgp("mesh: {holdTime: 2}", "bgp.mesh.holdTime: 2 must be 0 or 3..65535 (seconds)"),
                bgp(
                        "mesh: {gracefulRestart: {enabled: maybe}}",
                        "bgp.mesh.gracefulRestart.enabled: 'maybe' is not true or false"),
                bgp(
                        "mesh: {gracefulRestart: {restartTime: 4096}}",
                        "bgp.mesh.gracefulRestart.restartTime: 4096 is outside 0..4095"),
                bgp("mesh: {passwordFile: missing.key}", "bgp.mesh.passwordFile: {dir}/missing.key: no such file"),
                bgp("peers: [{asn: 65000}]", "bgp.peers[0].address: is required"),
                bgp("peers: [{address: 10.0.0.1, asn: 0}]", "bgp.peers[0].asn: 0 is not a valid AS number"),
                bgp(
                        "peers: [{address: 10.0.0.1, asn: 65000, holdTime: 1}]",
                        "bgp.peers[0].holdTime: 1 must be 0 or 3..65535 (seconds)"),
                bgp(
                        "peers: [{address: 10.0.0.1, asn: 65000, importPolicy: none}]",
                        "bgp.peers[0].importPolicy: no policy 'none' under policies"),
                bgp(
                        "peers: [{address: 10.0.0.1, asn: 65000, passwordFile: tor.key}]",
                        "bgp.peers[0].passwordFile: {dir}/tor.key: no such file"),
                bgp(
                        "peers: [{address: 10.0.0.1, asn: 65000}, {address: 10.0.0.1, asn: 65001}]",
                        "bgp.peers[1].address: 10.0.0.1 is already bgp.peers[0]"),
                bgp(
                        "peers: [{address: \"fd00::1\", asn: 65000}]",
                        "bgp.peers[0].families: ipv6-unicast is not supported by the agent (the pod pools are IPv4); use ipv4-unicast"),
                bgp(
                        "prefixLists: {pods: [{prefix: 10.0.0.0/8, le: 33}]}",
                        "bgp.prefixLists.pods[0].le: 33 exceeds 32 for an IPv4 prefix"),
                bgp(
                        "policies: {all: {defaultAction: maybe}}",
                        "bgp.policies.all.defaultAction: unknown value 'maybe', expected one of accept, reject"),
                bgp(
                        "policies: {p: {terms: [{match: {prefixList: {name: pods}}}]}}",
                        "bgp.policies.p.terms[0].match.prefixList.name: no prefix list 'pods' under prefixLists"),
                Arguments.of(ASN, "ipam.pools: at least one pool is required (e.g. - cidr: 10.244.0.0/16)"),
                ipam("pools: []", "ipam.pools: at least one pool is required (e.g. - cidr: 10.244.0.0/16)"),
                ipam("pools: [{blockSize: 26}]", "ipam.pools[0].cidr: is required"),
                ipam(
                        "pools: [{cidr: 10.244.0.0}]",
                        "ipam.pools[0].cidr: '10.244.0.0' is not a prefix (write address/length, e.g. 10.244.0.0/16)"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/33}]",
                        "ipam.pools[0].cidr: '10.244.0.0/33' is not a prefix (write address/length, e.g. 10.244.0.0/16)"),
                ipam(
                        "pools: [{cidr: pods}]",
                        "ipam.pools[0].cidr: 'pods' is not a prefix (write address/length, e.g. 10.244.0.0/16)"),
                ipam(
                        "pools: [{cidr: \"fd00:10::/48\"}]",
                        "ipam.pools[0].cidr: fd00:10::/48 is IPv6; only IPv4 pools are supported for now"),
                ipam(
                        "pools: [{cidr: 10.244.1.0/16}]",
                        "ipam.pools[0].cidr: 10.244.1.0/16 has host bits set (did you mean 10.244.0.0/16?)"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/31}]",
                        "ipam.pools[0].cidr: 10.244.0.0/31 is too small: the longest pool (and block) is /30"),
                ipam(
                        "pools: [{cidr: 127.16.0.0/16}]",
                        "ipam.pools[0].cidr: 127.16.0.0/16 overlaps 127.0.0.0/8 (loopback), which cannot hold pods"),
                ipam(
                        "pools: [{cidr: 224.0.0.0/3}]",
                        "ipam.pools[0].cidr: 224.0.0.0/3 overlaps 224.0.0.0/4 (multicast), which cannot hold pods"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/15}, {cidr: 10.244.0.0/16}]",
                        "ipam.pools[1].cidr: 10.244.0.0/16 overlaps ipam.pools[0] 10.244.0.0/15"),
                ipam("pools: [{cidr: 10.244.0.0/16, blockSize: 12}]", "ipam.pools[0].blockSize: 12 is outside 16..30"),
                ipam("pools: [{cidr: 10.244.0.0/16, blockSize: 31}]", "ipam.pools[0].blockSize: 31 is outside 16..30"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/28}]",
                        "ipam.pools[0].blockSize: the default 26 is shorter than the pool's /28; set it to 28..30"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/16, natOutgoing: sure}]",
                        "ipam.pools[0].natOutgoing: 'sure' is not true or false"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/16}], autoRelease: 1 day",
                        "ipam.autoRelease: '1 day' is not a duration (write e.g. 30s, 10m, 24h, 1h30m or PT24H)"),
                ipam(
                        "pools: [{cidr: 10.244.0.0/16}], autoRelease: 30s",
                        "ipam.autoRelease: '30s' is outside 1m..8760h"),
                with("datastore: {type: consul}", "datastore.type: 'consul' is not file or etcd"),
                with("datastore: {file: \"\"}", "datastore.file: must not be empty"),
                with(
                        "datastore: {etcd: {endpoints: [\"http://10.0.0.5:2379\"]}}",
                        "datastore.etcd: only used when datastore.type is etcd"),
                with(
                        "datastore: {type: etcd, file: ipam.json, etcd: {endpoints: [\"http://10.0.0.5:2379\"]}}",
                        "datastore.file: only used when datastore.type is file"),
                with("datastore: {type: etcd}", "datastore.etcd.endpoints: required when datastore.type is etcd"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: []}}",
                        "datastore.etcd.endpoints: required when datastore.type is etcd"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: [\"10.0.0.5:2379\"]}}",
                        "datastore.etcd.endpoints[0]: '10.0.0.5:2379' is not a URI (e.g. http://10.0.0.1:2379)"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: [\"grpc://10.0.0.5:2379\"]}}",
                        "datastore.etcd.endpoints[0]: 'grpc://10.0.0.5:2379' must start with http:// or https://"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: [\"http://10.0.0.5\"]}}",
                        "datastore.etcd.endpoints[0]: 'http://10.0.0.5' needs a host and a port (e.g. http://10.0.0.1:2379)"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: [\"http://10.0.0.5:2379/v3\"]}}",
                        "datastore.etcd.endpoints[0]: 'http://10.0.0.5:2379/v3' must have no path, query or user info (e.g. http://10.0.0.1:2379)"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: [\"http://a:1\", \"http://a:1\"]}}",
                        "datastore.etcd.endpoints[1]: 'http://a:1' is listed twice"),
                with(
                        "datastore: {type: etcd, etcd: {endpoints: [\"http://a:1\"], prefix: /podroute}}",
                        "datastore.etcd.prefix: '/podroute' must end with '/' and hold no whitespace (keys are written as PREFIX + blocks/...)"),
                with(
                        "datastore: {timeout: 5}",
                        "datastore.timeout: '5' is not a duration (write e.g. 30s, 10m, 24h, 1h30m or PT24H)"),
                with("datastore: {timeout: 10m}", "datastore.timeout: '10m' is outside 100ms..5m"),
                with("ipip: {mode: sometimes}", "ipip.mode: 'sometimes' is not Always, CrossSubnet or Never"),
                with("ipip: {dataPlane: ebpf}", "ipip.dataPlane: 'ebpf' is not auto, kernel or userspace"),
                with("cni: {enabled: yes please}", "cni.enabled: 'yes please' is not true or false"),
                with("cni: {confDir: \" \"}", "cni.confDir: must not be empty"),
                with(
                        "cni: {fileName: 10-podroute.conf}",
                        "cni.fileName: '10-podroute.conf' must end in .conflist (the runtime ignores other files)"),
                with(
                        "cni: {fileName: net.d/10-podroute.conflist}",
                        "cni.fileName: 'net.d/10-podroute.conflist' must be a file name, not a path (the folder is cni.confDir)"),
                with(
                        "cni: {networkName: \"-pods\"}",
                        "cni.networkName: '-pods' is not a valid network name (letters, digits, '_', '.', '-', starting with a letter or digit)"),
                with("cni: {plugin: macvlan}", "cni.plugin: 'macvlan' is not bridge or ptp"),
                with(
                        "cni: {bridge: \"pod bridge\"}",
                        "cni.bridge: 'pod bridge' is not a valid interface name (no '/', ':' or whitespace)"),
                with("cni: {plugin: ptp, bridge: podroute0}", "cni.bridge: only used with cni.plugin bridge"),
                with("cni: {mtu: 100}", "cni.mtu: 100 must be 0 (auto) or 576..65535"),
                with("cni: {ipamDataDir: \"\"}", "cni.ipamDataDir: must not be empty"),
                with("routes: {protocol: 4}", "routes.protocol: 4 is outside 5..255"),
                with("routes: {blackholeMetric: 0}", "routes.blackholeMetric: 0 is outside 1..4294967295"),
                with(
                        "routes: {blackholeMetric: 4294967296}",
                        "routes.blackholeMetric: 4294967296 is outside 1..4294967295"),
                with("routes: {resyncInterval: 500ms}", "routes.resyncInterval: '500ms' is outside 1s..24h"),
                with(
                        "api: {listen: \"192.168.1.10:7179\"}",
                        "api.listen: 192.168.1.10:7179 is not a loopback address (the API has no authentication and must not be reachable from other hosts)"),
                with("api: {listen: localhost:7179}", "api.listen: 'localhost' is not an IP address"),
                with("metrics: {listen: \"0.0.0.0\"}", "metrics.listen: '0.0.0.0' is not addr:port (or off)"),
                with(
                        "metrics: {listen: \"127.0.0.1:7179\"}",
                        "metrics.listen: 127.0.0.1:7179 conflicts with api.listen 127.0.0.1:7179 (same port)"),
                with(
                        "metrics: {listen: \"0.0.0.0:179\"}",
                        "metrics.listen: 0.0.0.0:179 conflicts with bgp.listen[0] 0.0.0.0:179 (same port)"),
                with(
                        "routes: {protocol: 77, colour: red}",
                        "routes.colour: unknown field (known fields: blackholeMetric, protocol, resyncInterval)"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void namesTheFieldAndTheReason(String yaml, String expected) {
        List<String> errors = assertThrows(
                        ConfigException.class, () -> AgentConfigLoader.parse(yaml, dir, () -> "node1"), yaml)
                .errors();
        if (expected == null) {
            assertEquals(1, errors.size(), errors::toString);
            return;
        }
        assertEquals(List.of(expected.replace("{dir}", dir.toString())), errors, yaml);
    }
}
