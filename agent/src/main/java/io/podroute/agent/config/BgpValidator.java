package io.podroute.agent.config;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.CompiledPolicy;
import io.podroute.bgp.policy.PolicyConfig;
import io.podroute.bgp.policy.PolicyConfigException;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code bgp}: the AS, router id, listen addresses, the node mesh and the static peers with
 * their named policies. Peers are checked by {@link PeerValidator} exactly as in {@code bgp serve}, plus
 * one agent rule: they exchange ipv4-unicast only, since the pod pools are IPv4.
 */
final class BgpValidator {
    static final String DEFAULT_LISTEN = "0.0.0.0:179";

    private final Fields fields;
    private final Problems problems;
    private final Path baseDir;
    private final List<String> warnings;

    BgpValidator(Fields fields, Path baseDir, List<String> warnings) {
        this.fields = fields;
        this.problems = fields.problems();
        this.baseDir = baseDir;
        this.warnings = warnings;
    }

    /** The BGP settings, or null when a field is invalid (the reasons are in {@link Problems}). */
    AgentSetup.Bgp validate(AgentConfig.Bgp b) {
        if (b == null) {
            problems.add("bgp.asn", "is required");
            return null;
        }
        int before = problems.size();
        long asn = asn(b.asn());
        Inet4Address routerId = routerId(b.routerId());
        List<InetSocketAddress> listen = listen(b.listen());
        AgentSetup.Mesh mesh = mesh(b.mesh());
        List<SpeakerPeer> peers = peers(b, asn);
        if (problems.size() > before) {
            return null;
        }
        AgentSetup.Backend backend = backend(b.speaker());
        AgentSetup.ExaBgp exabgp = exabgp(backend, b.exabgp());
        if (problems.size() > before) {
            return null;
        }
        meshWarnings(mesh, listen, peers);
        return new AgentSetup.Bgp(asn, routerId, listen, mesh, peers, backend, exabgp);
    }

    private AgentSetup.Backend backend(String text) {
        if (text == null || text.equalsIgnoreCase("native")) {
            return AgentSetup.Backend.NATIVE;
        }
        if (text.equalsIgnoreCase("exabgp")) {
            return AgentSetup.Backend.EXABGP;
        }
        problems.add("bgp.speaker", "'" + text + "' is not native or exabgp");
        return AgentSetup.Backend.NATIVE;
    }

    /** {@code bgp.exabgp} only with {@code speaker: exabgp} (a block that would be ignored is an error). */
    private AgentSetup.ExaBgp exabgp(AgentSetup.Backend backend, AgentConfig.ExaBgp e) {
        if (backend != AgentSetup.Backend.EXABGP) {
            if (e != null) {
                problems.add("bgp.exabgp", "only used with bgp.speaker: exabgp");
            }
            return null;
        }
        AgentConfig.ExaBgp given = e == null ? new AgentConfig.ExaBgp(null, null) : e;
        Path binary = fields.path(given.binary(), "/usr/sbin/exabgp", "bgp.exabgp.binary");
        Path workDir = fields.path(given.workDir(), "/run/podroute/exabgp", "bgp.exabgp.workDir");
        return new AgentSetup.ExaBgp(binary, workDir);
    }

    private long asn(Long asn) {
        if (asn == null) {
            problems.add("bgp.asn", "is required");
            return 0;
        }
        if (asn < 1 || asn > PeerValidator.MAX_AS) {
            problems.add("bgp.asn", asn + " is not a valid AS number");
            return 0;
        }
        return asn;
    }

    private Inet4Address routerId(String text) {
        if (text == null) {
            return null;
        }
        try {
            int id = AddressText.routerId(text);
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        } catch (IllegalArgumentException | UnknownHostException e) {
            problems.add("bgp.routerId", e.getMessage());
            return null;
        }
    }

    private List<InetSocketAddress> listen(List<String> texts) {
        List<String> all = texts == null ? List.of(DEFAULT_LISTEN) : texts;
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String at = "bgp.listen[" + i + "]";
            try {
                InetSocketAddress a = AddressText.socket(String.valueOf(all.get(i)), 1);
                if (out.contains(a)) {
                    problems.add(at, AddressText.format(a) + " is listed twice");
                }
                out.add(a);
            } catch (IllegalArgumentException e) {
                problems.add(at, e.getMessage());
            }
        }
        return out;
    }

    private AgentSetup.Mesh mesh(AgentConfig.Mesh m) {
        AgentConfig.Mesh mesh = m == null ? new AgentConfig.Mesh(null, null, null, null, null) : m;
        int port = fields.range(mesh.port(), 179, 1, 0xFFFF, "bgp.mesh.port");
        int hold = mesh.holdTime() == null ? 90 : mesh.holdTime();
        if (hold != 0 && (hold < 3 || hold > 0xFFFF)) {
            problems.add("bgp.mesh.holdTime", hold + " must be 0 or 3..65535 (seconds)");
        }
        BgpServeConfig.GracefulRestart gr = mesh.gracefulRestart();
        boolean grEnabled = gr == null || fields.bool(gr.enabled(), true);
        int restartTime = fields.range(
                gr == null ? null : gr.restartTime(), 120, 0, 4095, "bgp.mesh.gracefulRestart.restartTime");
        String password = mesh.passwordFile() == null
                ? null
                : PasswordFile.read(baseDir, mesh.passwordFile(), "bgp.mesh.passwordFile", problems);
        return new AgentSetup.Mesh(fields.bool(mesh.enabled(), true), port, hold, grEnabled, restartTime, password);
    }

    private List<SpeakerPeer> peers(AgentConfig.Bgp b, long asn) {
        Map<String, CompiledPolicy> policies = Map.of();
        try {
            policies = new PolicyConfig(b.prefixLists(), b.policies()).compile();
        } catch (PolicyConfigException e) {
            problems.addMessage("bgp." + e.getMessage());
        }
        PeerValidator pv = new PeerValidator(problems, policies, baseDir);
        List<SpeakerPeer> peers = new ArrayList<>();
        Map<InetAddress, Integer> byAddress = new HashMap<>();
        for (int i = 0; i < b.peers().size(); i++) {
            String at = "bgp.peers[" + i + "]";
            SpeakerPeer p = pv.build(b.peers().get(i), at, asn);
            if (p == null) {
                continue;
            }
            InetAddress address = p.session().remoteAddress();
            Integer first = byAddress.putIfAbsent(address, i);
            if (first != null) {
                problems.add(at + ".address", address.getHostAddress() + " is already bgp.peers[" + first + "]");
                continue;
            }
            for (Family f : p.session().families()) {
                if (!f.equals(Family.IPV4_UNICAST)) {
                    problems.add(
                            at + ".families",
                            f.label() + " is not supported by the agent (the pod pools are IPv4); use ipv4-unicast");
                }
            }
            peers.add(p);
        }
        return peers;
    }

    private void meshWarnings(AgentSetup.Mesh mesh, List<InetSocketAddress> listen, List<SpeakerPeer> peers) {
        if (!mesh.enabled() && peers.isEmpty()) {
            warnings.add("bgp.mesh.enabled: the mesh is off and there are no bgp.peers: this node learns no"
                    + " routes to other nodes' pods (fine only if the underlay routes the pools)");
        }
        if (mesh.enabled() && listen.stream().noneMatch(a -> a.getPort() == mesh.port())) {
            warnings.add("bgp.mesh.port: no bgp.listen address has port " + mesh.port()
                    + ", which other nodes connect to; mesh sessions will only be opened by this node");
        }
    }
}
