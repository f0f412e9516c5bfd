package io.podroute.agent.config;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.CompiledPolicy;
import io.podroute.bgp.policy.PolicyConfigException;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one {@code peers[i]} entry into a {@link SpeakerPeer}, adding every problem to {@link Problems}
 * under {@code peers[i].field}. The password is read from {@code passwordFile} and never appears in an
 * error message.
 */
final class PeerValidator {
    static final long MAX_AS = 0xFFFF_FFFFL;

    private final Problems problems;
    private final Map<String, CompiledPolicy> policies;
    private final Path baseDir;

    PeerValidator(Problems problems, Map<String, CompiledPolicy> policies, Path baseDir) {
        this.problems = problems;
        this.policies = policies;
        this.baseDir = baseDir;
    }

    /** The peer, or null when any of its fields is invalid (the reasons are in {@link Problems}). */
    SpeakerPeer build(BgpServeConfig.Peer p, String at, long localAs) {
        if (p == null) {
            problems.add(at, "empty peer (address and asn are required)");
            return null;
        }
        int before = problems.size();
        InetAddress address = address(p.address(), at + ".address", true);
        if (p.asn() == null) {
            problems.add(at + ".asn", "is required");
        } else {
            checkAs(p.asn(), at + ".asn");
        }
        if (p.localAs() != null) {
            checkAs(p.localAs(), at + ".localAs");
        }
        int port = range(p.port(), 179, 1, 0xFFFF, at + ".port");
        int hold = p.holdTime() == null ? 90 : p.holdTime();
        if (hold != 0 && (hold < 3 || hold > 0xFFFF)) {
            problems.add(at + ".holdTime", hold + " must be 0 or 3..65535 (seconds)");
        }
        int keepalive = range(p.keepalive(), -1, 0, 0xFFFF, at + ".keepalive");
        if (keepalive > 0 && hold != 0 && keepalive >= hold) {
            problems.add(at + ".keepalive", keepalive + " must be below holdTime " + hold);
        }
        int connectRetry = range(p.connectRetry(), 30, 1, 0xFFFF, at + ".connectRetry");
        int ttl = range(p.multihopTtl(), 0, 1, 255, at + ".multihopTtl");
        int gtsm = range(p.ttlSecurityHops(), 0, 0, 254, at + ".ttlSecurityHops");
        if (ttl > 0 && gtsm > 0) {
            problems.add(at + ".multihopTtl", "cannot be combined with ttlSecurityHops (GTSM always sends TTL 255)");
        }
        InetAddress source = address(p.sourceAddress(), at + ".sourceAddress", false);
        if (source != null
                && address != null
                && (source instanceof Inet4Address) != (address instanceof Inet4Address)) {
            problems.add(at + ".sourceAddress", "must be of the same address family as address");
        }
        String password = p.passwordFile() == null
                ? null
                : PasswordFile.read(baseDir, p.passwordFile(), at + ".passwordFile", problems);
        BgpServeConfig.GracefulRestart gr = p.gracefulRestart();
        boolean grEnabled = gr == null || gr.enabled() == null || gr.enabled();
        int restartTime =
                range(gr == null ? null : gr.restartTime(), 120, 0, 4095, at + ".gracefulRestart.restartTime");
        Set<Family> families = families(p.families(), address, at + ".families");
        BgpServeConfig.AddPath addPath = p.addPath();
        Set<Family> addPathReceive =
                subset(addPath == null ? null : addPath.receive(), families, at + ".addPath.receive");
        Set<Family> addPathSend = subset(addPath == null ? null : addPath.send(), families, at + ".addPath.send");
        CompiledPolicy importPolicy = policy(p.importPolicy(), at + ".importPolicy");
        CompiledPolicy exportPolicy = policy(p.exportPolicy(), at + ".exportPolicy");
        if (p.maxPrefix() != null) {
            try {
                p.maxPrefix().validate(at + ".maxPrefix");
            } catch (PolicyConfigException e) {
                problems.addMessage(e.getMessage());
            }
        }
        boolean rrClient = Boolean.TRUE.equals(p.routeReflectorClient());
        long sessionAs = p.localAs() != null ? p.localAs() : localAs;
        if (rrClient && p.asn() != null && p.asn() != sessionAs) {
            problems.add(at + ".routeReflectorClient", "only an iBGP peer (asn equal to our AS) can be a client");
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            PeerConfig session = PeerConfig.builder(address, p.asn())
                    .remotePort(port)
                    .localAs(p.localAs() == null ? 0 : p.localAs())
                    .holdTime(hold)
                    .keepaliveTime(keepalive)
                    .connectRetry(Duration.ofSeconds(connectRetry))
                    .connectRetryMax(Duration.ofSeconds(Math.max(300, connectRetry)))
                    .passive(Boolean.TRUE.equals(p.passive()))
                    .ttl(ttl)
                    .sourceAddress(source)
                    .password(password)
                    .ttlSecurityHops(gtsm)
                    .gracefulRestart(grEnabled)
                    .restartTime(restartTime)
                    .families(families)
                    .addPathReceive(addPathReceive)
                    .addPathSend(addPathSend)
                    .routeReflectorClient(rrClient)
                    .build();
            return new SpeakerPeer(
                    session, importPolicy, exportPolicy, p.maxPrefix(), Boolean.TRUE.equals(p.nextHopSelf()));
        } catch (IllegalArgumentException e) {
            problems.add(at + "." + yamlField(e.getMessage()), reason(e.getMessage()));
            return null;
        }
    }

    private void checkAs(long as, String at) {
        if (as < 1 || as > MAX_AS) {
            problems.add(at, as + " is not a valid AS number");
        }
    }

    private int range(Integer value, int dflt, int min, int max, String at) {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            problems.add(at, value + " is outside " + min + ".." + max);
            return dflt;
        }
        return value;
    }

    private InetAddress address(String text, String at, boolean required) {
        if (text == null) {
            if (required) {
                problems.add(at, "is required");
            }
            return null;
        }
        try {
            return AddressText.ip(text);
        } catch (IllegalArgumentException e) {
            problems.add(at, e.getMessage());
            return null;
        }
    }

    private Set<Family> families(List<String> names, InetAddress address, String at) {
        if (names == null) {
            return Set.of(
                    address == null || address instanceof Inet4Address ? Family.IPV4_UNICAST : Family.IPV6_UNICAST);
        }
        if (names.isEmpty()) {
            problems.add(at, "must name at least one family (ipv4-unicast, ipv6-unicast)");
        }
        return parseFamilies(names, at);
    }

    private Set<Family> subset(List<String> names, Set<Family> families, String at) {
        if (names == null) {
            return Set.of();
        }
        Set<Family> out = parseFamilies(names, at);
        for (Family f : out) {
            if (!families.contains(f)) {
                problems.add(at, f.label() + " is not one of the peer's families");
            }
        }
        return out;
    }

    private Set<Family> parseFamilies(List<String> names, String at) {
        Set<Family> out = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Family f = null;
            try {
                f = n == null ? null : Family.parse(n);
            } catch (IllegalArgumentException e) {
                f = null;
            }
            if (f == null || !f.isSupported()) {
                problems.add(at + "[" + i + "]", "'" + n + "' is not a supported family (ipv4-unicast, ipv6-unicast)");
            } else {
                out.add(f);
            }
        }
        return out;
    }

    private CompiledPolicy policy(String name, String at) {
        if (name == null) {
            return null;
        }
        CompiledPolicy p = policies.get(name);
        if (p == null) {
            problems.add(at, "no policy '" + name + "' under policies");
        }
        return p;
    }

    /** PeerConfig says "peer config FIELD: reason"; the YAML spells some fields differently. */
    private static String yamlField(String message) {
        String field = message.startsWith("peer config ") && message.indexOf(':') > 0
                ? message.substring("peer config ".length(), message.indexOf(':'))
                : "(peer)";
        return switch (field) {
            case "remoteAddress" -> "address";
            case "remotePort" -> "port";
            case "remoteAs" -> "asn";
            case "keepaliveTime" -> "keepalive";
            case "ttl" -> "multihopTtl";
            case "password" -> "passwordFile";
            case "restartTime" -> "gracefulRestart.restartTime";
            case "addPathReceive" -> "addPath.receive";
            case "addPathSend" -> "addPath.send";
            default -> field;
        };
    }

    private static String reason(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("peer config ") && colon > 0 ? message.substring(colon + 2) : message;
    }
}
