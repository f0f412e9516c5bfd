package io.podroute.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.agent.api.AgentApiServer;
import io.podroute.agent.api.ApiJson;
import io.podroute.agent.api.FakeAgentView;
import io.podroute.agent.api.IpamView;
import io.podroute.agent.api.RouteExplanation;
import io.podroute.agent.api.RouteView;
import io.podroute.agent.api.StatusView;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code podroute status}, {@code routes} and {@code ipam show} against a real API over a {@link FakeAgentView}. */
class AgentCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final FakeAgentView view = new FakeAgentView();
    private AgentApiServer server;
    private String api;

    record Result(int status, String out, String err) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    @BeforeEach
    void start() {
        server = AgentApiServer.start(view, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = "127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Result run(String... args) {
        CommandLine cl = PodrouteCli.commandLine(
                new ByteArrayInputStream(new byte[0]), Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--api");
        all.add(api);
        return run(all.toArray(new String[0]));
    }

    @Test
    void statusTable() {
        Result r = cli("status");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                String.join(
                        "\n",
                        "node node1 (192.168.1.11), AS 64512, block 10.244.0.0/26, up 2h05m",
                        "ipip CrossSubnet, data plane kernel",
                        "datastore file /var/lib/podroute/ipam.json (reachable)",
                        "",
                        "PEER          TYPE    NODE   AS     STATE        SINCE  RECEIVED  ACCEPTED  INSTALLED"
                                + "  LAST ERROR",
                        "192.168.1.12  mesh    node2  64512  Established  3m12s  1         1         1          -",
                        "192.168.2.13  mesh    node3  64512  Established  41s    1         1         1          -",
                        "10.0.0.1      static  -      65000  Established  -      0         0         0"
                                + "          NOTIFICATION received 6/2 (administrative shutdown)",
                        ""),
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void statusWithoutPeersOrDatastore() {
        StatusView s = FakeAgentView.status("Established");
        view.setStatus(new StatusView(
                s.node(),
                s.nodeIp(),
                s.asn(),
                null,
                "Never",
                "none",
                "etcd http://10.0.0.5:2379",
                false,
                s.startedAt(),
                List.of()));
        Result r = cli("status");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                String.join(
                        "\n",
                        "node node1 (192.168.1.11), AS 64512, block none yet, up 2h05m",
                        "ipip Never, data plane none",
                        "datastore etcd http://10.0.0.5:2379 (NOT reachable)",
                        "",
                        "no BGP peers",
                        ""),
                r.out());
        Result check = cli("status", "--check");
        assertEquals(1, check.status());
        assertEquals("podroute status: check failed: datastore not reachable\n", check.err());
    }

    @Test
    void statusJsonRoundTrips() throws IOException {
        Result r = cli("status", "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("{\n  \"node\": \"node1\",\n"), r.out());
        assertTrue(r.out().contains("\"since\": \"2026-11-21T09:56:48Z\""), r.out());
        assertEquals(view.status(), ApiJson.read(r.json(), StatusView.class));
    }

    @Test
    void statusCheckFailsUnlessEveryPeerIsEstablished() {
        assertEquals(0, cli("status", "--check").status());
        view.setStatus(FakeAgentView.status("Active"));
        Result r = cli("status", "--check");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("192.168.2.13  mesh    node3  64512  Active"), r.out());
        assertEquals("podroute status: check failed: peer 192.168.2.13 is Active\n", r.err());
        assertEquals(0, cli("status").status(), "without --check a successful query exits 0");
        assertEquals(1, cli("status", "--check", "--json").status());
    }

    @Test
    void routesTable() {
        Result r = cli("routes");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                String.join(
                        "\n",
                        "PREFIX         KIND       NEXT HOPS     DEVICE  IN KERNEL  WHY",
                        "10.244.0.0/26  blackhole  -             -       yes        own block: drop unassigned pod IPs",
                        "10.244.1.0/26  direct     192.168.1.12  -       yes"
                                + "        block of node2 via mesh peer 192.168.1.12 (directly connected)",
                        "10.244.2.0/26  ipip       192.168.2.13  tunl0   no"
                                + "         block of node3 via mesh peer 192.168.2.13 (other subnet: IP-in-IP)",
                        "",
                        "1 of 3 route(s) not in the kernel at the last reconciliation pass;"
                                + " `podroute routes --explain PREFIX` tells why",
                        ""),
                r.out());
    }

    @Test
    void routesJsonRoundTrips() throws IOException {
        Result r = cli("routes", "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.json().isArray());
        assertEquals(view.routes(), ApiJson.readList(r.json(), RouteView.class));
    }

    @Test
    void explain() {
        Result r = cli("routes", "--explain", "10.244.1.0/26");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                String.join(
                        "\n",
                        "10.244.1.0/26: installed-direct",
                        "  block of node2, reached directly over the underlay",
                        "    path from mesh peer 192.168.1.12 (node2): next hop 192.168.1.12, best",
                        "    underlay: 192.168.1.12 is on 192.168.1.0/24 (eth0), same subnet",
                        "    kernel: 10.244.1.0/26 via 192.168.1.12 dev eth0 proto 80 onlink",
                        ""),
                r.out());
    }

    @Test
    void explainJsonRoundTrips() throws IOException {
        Result r = cli("routes", "--explain", "fd00:10:0::/64", "--json");
        assertEquals(0, r.status(), r.err());
        RouteExplanation e = ApiJson.read(r.json(), RouteExplanation.class);
        assertEquals(view.explain("fd00:10::/64"), e);
    }

    @Test
    void explainAMalformedPrefix() {
        Result r = cli("routes", "--explain", "10.244.1.5/26");
        assertEquals(2, r.status());
        assertEquals(
                "podroute routes: the agent answered 400:"
                        + " prefix: '10.244.1.5/26' has host bits set (did you mean 10.244.1.0/26?)\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void ipamShowTable() {
        Result r = cli("ipam", "show");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                String.join(
                        "\n",
                        "datastore file /var/lib/podroute/ipam.json",
                        "",
                        "POOL           BLOCK SIZE  BLOCKS  ALLOCATED  USED",
                        "10.244.0.0/16  /26         1024    3          0.3%",
                        "",
                        "BLOCK          NODE   NODE IP             LAST SEEN",
                        "10.244.0.0/26  node1  192.168.1.11        4s ago",
                        "10.244.1.0/26  node2  192.168.1.12        2m01s ago",
                        "10.244.2.0/26  node3  - (not registered)  never",
                        ""),
                r.out());
    }

    @Test
    void ipamShowJsonRoundTrips() throws IOException {
        Result r = cli("ipam", "show", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(view.ipam(), ApiJson.read(r.json(), IpamView.class));
    }

    @Test
    void ipamNeedsASubcommand() {
        Result r = run("ipam");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("Missing required subcommand (show"), r.err());
    }

    @Test
    void agentNotRunning() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String[][] commands = {{"status"}, {"routes"}, {"routes", "--explain", "10.244.1.0/26"}, {"ipam", "show"}};
        for (String[] command : commands) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--api=127.0.0.1:" + port);
            Result r = run(args.toArray(new String[0]));
            String name = command[0].equals("ipam") ? "ipam show" : command[0];
            assertEquals(2, r.status(), name);
            assertEquals(
                    "podroute " + name + ": cannot reach the podroute agent at 127.0.0.1:" + port
                            + " (connection refused); is `podroute agent` running?\n",
                    r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void anApiErrorIsItsMessage() {
        view.failWith(new IllegalStateException("the datastore has not answered yet"));
        Result r = cli("status");
        assertEquals(2, r.status());
        assertEquals("podroute status: the agent answered 500: the datastore has not answered yet\n", r.err());
    }

    @Test
    void aBadApiAddressIsAClearError() {
        Result r = run("status", "--api", "localhost");
        assertEquals(2, r.status());
        assertEquals("podroute status: --api: 'localhost' is not addr:port\n", r.err());
    }
}
