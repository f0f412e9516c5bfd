package io.podroute.agent.config;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.policy.CompiledPolicy;
import io.podroute.bgp.policy.PolicyConfig;
import io.podroute.bgp.policy.PolicyConfigException;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code bgp serve} configuration, ready to start: what {@code BgpSpeaker.start} takes,
 * the static routes and the API address. {@link #from} checks every field and reports all problems
 * at once, each as {@code path: reason}.
 *
 * @param asn the local AS
 * @param routerId the router id as written (dotted quad)
 * @param speaker the speaker settings
 * @param peers the peers, in file order
 * @param routes the static announcements
 * @param api where the read-only HTTP API listens
 * @param warnings things that work but deserve a look (e.g. an API address that is not loopback)
 */
public record BgpServeSetup(
        long asn,
        String routerId,
        SpeakerConfig speaker,
        List<SpeakerPeer> peers,
        List<LocalRoute> routes,
        InetSocketAddress api,
        List<String> warnings) {
    /** The API address when {@code api} is not given: loopback only, never the network. */
    public static final String DEFAULT_API = "127.0.0.1:7179";

    public BgpServeSetup {
        peers = List.copyOf(peers);
        routes = List.copyOf(routes);
        warnings = List.copyOf(warnings);
    }

    /** Loads, binds and validates {@code file}; relative paths in it are resolved against its folder. */
    public static BgpServeSetup load(Path file) throws ConfigException {
        Path dir = file.toAbsolutePath().getParent();
        return from(BgpServeConfigLoader.read(file), dir == null ? Path.of(".") : dir);
    }

    /** Validates a bound config; {@code baseDir} resolves relative {@code passwordFile}s. */
    public static BgpServeSetup from(BgpServeConfig c, Path baseDir) throws ConfigException {
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        long asn = 0;
        if (c.asn() == null) {
            problems.add("asn", "is required");
        } else if (c.asn() < 1 || c.asn() > PeerValidator.MAX_AS) {
            problems.add("asn", c.asn() + " is not a valid AS number");
        } else {
            asn = c.asn();
        }
        int routerId = 0;
        if (c.routerId() == null) {
            problems.add("routerId", "is required");
        } else {
            try {
                routerId = AddressText.routerId(c.routerId());
            } catch (IllegalArgumentException e) {
                problems.add("routerId", e.getMessage());
            }
        }
        List<InetSocketAddress> listen = listen(c.listen(), problems);
        InetAddress[] local = localAddresses(c.localAddress(), problems);
        InetSocketAddress api = api(c.api(), problems, warnings);

        Map<String, CompiledPolicy> policies = Map.of();
        try {
            policies = new PolicyConfig(c.prefixLists(), c.policies()).compile();
        } catch (PolicyConfigException e) {
            problems.addMessage(e.getMessage());
        }
        PeerValidator pv = new PeerValidator(problems, policies, baseDir);
        List<SpeakerPeer> peers = new ArrayList<>();
        Map<InetAddress, Integer> byAddress = new HashMap<>();
        Set<Family> families = new LinkedHashSet<>();
        for (int i = 0; i < c.peers().size(); i++) {
            SpeakerPeer p = pv.build(c.peers().get(i), "peers[" + i + "]", asn);
            if (p == null) {
                continue;
            }
            Integer first = byAddress.putIfAbsent(p.session().remoteAddress(), i);
            if (first != null) {
                problems.add(
                        "peers[" + i + "].address",
                        p.session().remoteAddress().getHostAddress() + " is already peers[" + first + "]");
                continue;
            }
            families.addAll(p.session().families());
            peers.add(p);
        }
        nextHopsNeeded(families, local, problems);
        AnnounceValidator av = new AnnounceValidator(problems);
        List<LocalRoute> routes = new ArrayList<>();
        for (int i = 0; i < c.announce().size(); i++) {
            LocalRoute r = av.build(c.announce().get(i), "announce[" + i + "]", asn);
            if (r != null) {
                routes.add(r);
            }
        }
        problems.throwIfAny();

        Set<InetAddress> own = new HashSet<>();
        for (InetAddress a : local) {
            if (a != null) {
                own.add(a);
            }
        }
        RibConfig rib = RibConfig.of(asn, routerId).withOwnAddresses(own);
        SpeakerConfig speaker = new SpeakerConfig(rib, listen, local[0], local[1], false);
        return new BgpServeSetup(asn, c.routerId().trim(), speaker, peers, routes, api, warnings);
    }

    private static List<InetSocketAddress> listen(List<String> texts, Problems problems) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                InetSocketAddress a = AddressText.socket(String.valueOf(texts.get(i)), 1);
                if (out.contains(a)) {
                    problems.add("listen[" + i + "]", AddressText.format(a) + " is listed twice");
                }
                out.add(a);
            } catch (IllegalArgumentException e) {
                problems.add("listen[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** [IPv4 or null, IPv6 or null]. */
    private static InetAddress[] localAddresses(List<String> texts, Problems problems) {
        InetAddress[] out = new InetAddress[2];
        for (int i = 0; i < texts.size(); i++) {
            String at = texts.size() == 1 ? "localAddress" : "localAddress[" + i + "]";
            try {
                InetAddress a = AddressText.ip(String.valueOf(texts.get(i)));
                int slot = a instanceof Inet4Address ? 0 : 1;
                if (out[slot] != null) {
                    problems.add(
                            at,
                            "a second " + (slot == 0 ? "IPv4" : "IPv6")
                                    + " address (give at most one IPv4 and one IPv6 address)");
                }
                out[slot] = a;
            } catch (IllegalArgumentException e) {
                problems.add(at, e.getMessage());
            }
        }
        return out;
    }

    private static InetSocketAddress api(String text, Problems problems, List<String> warnings) {
        try {
            InetSocketAddress a = AddressText.socket(text == null ? DEFAULT_API : text, 0);
            if (!a.getAddress().isLoopbackAddress()) {
                warnings.add("api: " + AddressText.format(a) + " is not a loopback address; the status API has"
                        + " no authentication and shows the whole RIB to anyone who can reach it");
            }
            return a;
        } catch (IllegalArgumentException e) {
            problems.add("api", e.getMessage());
            return null;
        }
    }

    private static void nextHopsNeeded(Set<Family> families, InetAddress[] local, Problems problems) {
        if (families.contains(Family.IPV4_UNICAST) && local[0] == null) {
            problems.add("localAddress", "an IPv4 address is needed as next hop: a peer exchanges ipv4-unicast routes");
        }
        if (families.contains(Family.IPV6_UNICAST) && local[1] == null) {
            problems.add("localAddress", "an IPv6 address is needed as next hop: a peer exchanges ipv6-unicast routes");
        }
    }
}
