package io.podroute.agent.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An {@link AgentView} with fixed answers for the API and CLI tests: node1 of a three-node mesh with a
 * ToR peer. {@link #failWith} makes every call throw; {@link #lastExplained} is what explain was asked.
 */
public final class FakeAgentView implements AgentView {
    /** The tests' "now": ages are computed against it. */
    public static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private volatile StatusView status = status("Established");
    private volatile RuntimeException failure;
    private volatile String lastExplained;

    public static StatusView status(String thirdPeerState) {
        return new StatusView(
                "node1",
                "192.168.1.11",
                64512,
                "10.244.0.0/26",
                "CrossSubnet",
                "kernel",
                "file /var/lib/podroute/ipam.json",
                true,
                NOW.minus(Duration.ofMinutes(125)),
                List.of(
                        new StatusView.PeerView(
                                "192.168.1.12",
                                "mesh",
                                "node2",
                                64512,
                                "Established",
                                NOW.minusSeconds(192),
                                1,
                                1,
                                1,
                                null),
                        new StatusView.PeerView(
                                "192.168.2.13",
                                "mesh",
                                "node3",
                                64512,
                                thirdPeerState,
                                NOW.minusSeconds(41),
                                1,
                                1,
                                1,
                                null),
                        new StatusView.PeerView(
                                "10.0.0.1",
                                "static",
                                null,
                                65000,
                                "Established",
                                null,
                                0,
                                0,
                                0,
                                "NOTIFICATION received 6/2 (administrative shutdown)")));
    }

    public void setStatus(StatusView status) {
        this.status = status;
    }

    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public String lastExplained() {
        return lastExplained;
    }

    private void maybeFail() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public StatusView status() {
        maybeFail();
        return status;
    }

    @Override
    public List<RouteView> routes() {
        maybeFail();
        return List.of(
                new RouteView(
                        "10.244.0.0/26", "blackhole", List.of(), null, "own block: drop unassigned pod IPs", true),
                new RouteView(
                        "10.244.1.0/26",
                        "direct",
                        List.of("192.168.1.12"),
                        null,
                        "block of node2 via mesh peer 192.168.1.12 (directly connected)",
                        true),
                new RouteView(
                        "10.244.2.0/26",
                        "ipip",
                        List.of("192.168.2.13"),
                        "tunl0",
                        "block of node3 via mesh peer 192.168.2.13 (other subnet: IP-in-IP)",
                        false));
    }

    @Override
    public RouteExplanation explain(String prefix) {
        maybeFail();
        lastExplained = prefix;
        return new RouteExplanation(
                prefix,
                "installed-direct",
                "block of node2, reached directly over the underlay",
                List.of(
                        "path from mesh peer 192.168.1.12 (node2): next hop 192.168.1.12, best",
                        "underlay: 192.168.1.12 is on 192.168.1.0/24 (eth0), same subnet",
                        "kernel: " + prefix + " via 192.168.1.12 dev eth0 proto 80 onlink"));
    }

    @Override
    public IpamView ipam() {
        maybeFail();
        return new IpamView(
                "file /var/lib/podroute/ipam.json",
                List.of(new IpamView.PoolUsage("10.244.0.0/16", 26, 1024, 3)),
                List.of(
                        new IpamView.BlockView("10.244.0.0/26", "node1", "192.168.1.11", NOW.minusSeconds(4)),
                        new IpamView.BlockView("10.244.1.0/26", "node2", "192.168.1.12", NOW.minusSeconds(121)),
                        new IpamView.BlockView("10.244.2.0/26", "node3", null, null)));
    }
}
