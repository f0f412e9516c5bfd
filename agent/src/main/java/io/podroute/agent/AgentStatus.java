package io.podroute.agent;

import io.podroute.agent.api.AgentView;
import io.podroute.agent.api.IpamView;
import io.podroute.agent.api.RouteExplanation;
import io.podroute.agent.api.RouteView;
import io.podroute.agent.api.StatusView;
import io.podroute.agent.ipam.DatastoreException;
import io.podroute.agent.sync.Hop;
import io.podroute.agent.sync.Resolved;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.rib.Explanation;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.rib.RankedPath;
import io.podroute.bgp.rib.Rejection;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.SessionStats;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent as the local API shows it: snapshots assembled from the speaker (peers, RIB), the route
 * sync (what is installed and why) and the datastore (blocks). Each call reads live state through the
 * owners' own threads, so it is consistent per source and never blocks them for long.
 */
final class AgentStatus implements AgentView {
    private final AgentParts agent;

    AgentStatus(AgentParts agent) {
        this.agent = agent;
    }

    @Override
    public StatusView status() {
        Map<InetAddress, Integer> installed = agent.sync().read(v -> v.installedByPeer());
        Map<InetAddress, String> names = agent.mesh().names();
        Instant now = Instant.now();
        List<StatusView.PeerView> peers = new ArrayList<>();
        for (PeerStatus p : agent.speaker().peers()) {
            boolean mesh = agent.mesh().isMesh(p.address());
            peers.add(new StatusView.PeerView(
                    Addresses.format(p.address()),
                    mesh ? "mesh" : "static",
                    mesh ? names.get(p.address()) : null,
                    p.remoteAs(),
                    p.state().label(),
                    since(p, now),
                    received(p.routes()),
                    accepted(p.routes()),
                    installed.getOrDefault(p.address(), 0),
                    lastError(p.stats())));
        }
        peers.sort(Comparator.comparing((StatusView.PeerView v) -> v.type().equals("mesh") ? 0 : 1)
                .thenComparing(v -> Addresses.inet(v.address()).getAddress(), java.util.Arrays::compareUnsigned));
        var tunnel = agent.tunnel();
        return new StatusView(
                agent.node().name(),
                Addresses.format(agent.node().nodeIp()),
                agent.setup().bgp().asn(),
                agent.node().block().toString(),
                agent.setup().ipipMode().label(),
                tunnel == null ? "none" : tunnel.kind() + " (" + tunnel.deviceName() + ")",
                agent.store().describe(),
                agent.mesh().reachable(),
                agent.startedAt(),
                peers);
    }

    @Override
    public List<RouteView> routes() {
        return agent.sync().read(v -> {
            List<RouteView> out = new ArrayList<>();
            for (Resolved r : v.all()) {
                out.add(new RouteView(
                        r.prefix().toString(),
                        r.kind(),
                        r.hops().stream()
                                .map(h -> Addresses.format(h.nextHop()))
                                .toList(),
                        r.device(),
                        why(r),
                        r.installed() && v.inKernel(r.route())));
            }
            out.sort(Comparator.comparing(RouteView::prefix));
            return out;
        });
    }

    @Override
    public RouteExplanation explain(String text) {
        Prefix prefix = Prefix.parse(text);
        String p = prefix.toString();
        Optional<RouteExplanation> local = agent.sync().read(v -> {
            Resolved black = v.blackhole(prefix);
            if (black != null) {
                return Optional.of(new RouteExplanation(
                        p,
                        "blackhole",
                        p + " is this node's own block: a blackhole drops traffic to pod IPs no pod holds",
                        List.of("kernel: " + black.route()
                                + (v.inKernel(black.route()) ? "" : " (not in kernel yet)"))));
            }
            Resolved r = v.learned(prefix);
            if (r == null) {
                return Optional.empty();
            }
            List<String> details = new ArrayList<>(r.details());
            if (r.installed()) {
                details.add("kernel: " + r.route() + (v.inKernel(r.route()) ? "" : " (not in kernel yet)"));
            }
            return Optional.of(new RouteExplanation(p, verdict(r), summary(r), details));
        });
        io.podroute.bgp.codec.nlri.Prefix bgp =
                io.podroute.bgp.codec.nlri.Prefix.fromBytes(prefix.address(), prefix.length());
        List<String> candidates = agent.speaker().query(rib -> candidates(rib.explain(bgp)));
        if (local.isPresent()) {
            RouteExplanation e = local.get();
            List<String> details = new ArrayList<>(candidates);
            details.addAll(e.details());
            return new RouteExplanation(e.prefix(), e.verdict(), e.summary(), details);
        }
        Optional<Rejection> rejected = agent.speaker().query(rib -> rib.recentRejection(bgp));
        if (rejected.isPresent()) {
            Rejection r = rejected.get();
            return new RouteExplanation(
                    p,
                    "rejected",
                    p + " was announced by " + Addresses.format(r.peer()) + " but not used: " + r.reason(),
                    List.of("peer " + Addresses.format(r.peer()) + ": " + r.reason()));
        }
        return new RouteExplanation(p, "no-path", "no peer announces " + p + " (no best path in the RIB)", candidates);
    }

    @Override
    public IpamView ipam() {
        try {
            return agent.ipam().ipamView();
        } catch (DatastoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------

    private static List<String> candidates(Explanation e) {
        List<String> out = new ArrayList<>();
        for (RankedPath c : e.candidates()) {
            String from = Addresses.format(c.route().peer().address());
            String nh = c.route().nextHop() == null
                    ? "self"
                    : Addresses.format(c.route().nextHop().address());
            out.add("path #" + c.rank() + " from " + from + " next hop " + nh + (c.multipath() ? " (multipath)" : "")
                    + (c.reason() == null ? "" : ": " + c.reason()));
        }
        return out;
    }

    private static String verdict(Resolved r) {
        return switch (r.kind()) {
            case "direct" -> "installed-direct";
            case "ipip" -> "installed-tunnel";
            case "ecmp" -> "installed-ecmp";
            default -> "unresolved";
        };
    }

    private static String summary(Resolved r) {
        String hops = String.join(
                ", ", r.hops().stream().map(h -> Addresses.format(h.nextHop())).toList());
        return switch (r.kind()) {
            case "direct" -> r.prefix() + " is installed as a direct route via " + hops;
            case "ipip" -> r.prefix() + " is installed through the IP-in-IP tunnel " + r.device() + " to " + hops;
            case "ecmp" -> r.prefix() + " is installed as a multipath route over " + hops;
            default -> r.prefix() + " has a best path via " + hops + " but no usable next hop (see details)";
        };
    }

    private static String why(Resolved r) {
        if (r.hops().isEmpty()) {
            return r.details().isEmpty() ? r.kind() : r.details().get(0);
        }
        Hop first = r.hops().get(0);
        String line = r.details().isEmpty() ? "" : r.details().get(0);
        return "learned from " + Addresses.format(first.peer()) + (line.isEmpty() ? "" : "; " + line);
    }

    private static Instant since(PeerStatus p, Instant now) {
        SessionStats st = p.stats();
        return p.state() == SessionState.ESTABLISHED && st != null && st.uptime() != null
                ? now.minus(st.uptime())
                : null;
    }

    private static long accepted(PeerCounters c) {
        return c == null ? 0 : (long) c.acceptedV4() + c.acceptedV6();
    }

    /** Announced and not withdrawn since the session came up (re-announcements counted), at least the accepted. */
    private static long received(PeerCounters c) {
        if (c == null) {
            return 0;
        }
        long net = c.announcedV4() + c.announcedV6() - c.withdrawnV4() - c.withdrawnV6();
        return Math.max(net, accepted(c));
    }

    private static String lastError(SessionStats st) {
        if (st == null) {
            return null;
        }
        if (st.lastNotificationReceived() != null) {
            return "received " + notification(st.lastNotificationReceived());
        }
        if (st.lastNotificationSent() != null) {
            return "sent " + notification(st.lastNotificationSent());
        }
        return st.lastDownReason() == null ? null : st.lastDownReason().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String notification(NotificationMessage n) {
        NotificationCode known = n.knownCode();
        String text = n.shutdownCommunication();
        return n.code() + "/" + n.subcode() + (known == null ? "" : " " + known.label())
                + (text == null ? "" : " \"" + text + "\"");
    }
}
