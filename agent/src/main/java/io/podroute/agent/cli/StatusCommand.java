package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.agent.api.StatusView;
import io.podroute.agent.api.StatusView.PeerView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code podroute status}: the node and its BGP peers, read from the running agent's API. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show this node (AS, block, IP-in-IP, datastore) and its BGP peers, from the running agent.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:status printed (and with --check: every peer Established, datastore reachable)",
            "1:--check only: a peer is not Established or the datastore is not reachable",
            "2:the agent could not be reached or answered an error; usage error"
        })
final class StatusCommand implements Callable<Integer> {
    static final String ESTABLISHED = "Established";

    @Mixin
    AgentApiOptions options;

    @Option(
            names = "--check",
            description = "Exit 1 unless every peer is Established and the datastore is reachable"
                    + " (the reasons go to stderr).")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StatusView status;
        try {
            JsonNode json = new AgentApi(options.api).get("/api/v1/status");
            status = AgentApi.as(json, StatusView.class);
            if (options.json) {
                out.println(JsonText.format(json, false));
            } else {
                print(status, PodrouteCli.clock(spec).instant(), out);
            }
        } catch (ApiClient.ApiException e) {
            err.println("podroute status: " + e.getMessage());
            err.flush();
            return AgentApi.UNREACHABLE;
        }
        out.flush();
        List<String> problems = problems(status);
        if (check && !problems.isEmpty()) {
            err.println("podroute status: check failed: " + String.join("; ", problems));
            err.flush();
            return 1;
        }
        return 0;
    }

    /** What {@code --check} fails on: peers not Established, an unreachable datastore. */
    static List<String> problems(StatusView status) {
        List<String> problems = new ArrayList<>();
        for (PeerView p : status.peers()) {
            if (!ESTABLISHED.equals(p.state())) {
                problems.add("peer " + p.address() + " is " + dash(p.state()));
            }
        }
        if (!status.datastoreReachable()) {
            problems.add("datastore not reachable");
        }
        return problems;
    }

    static void print(StatusView s, Instant now, PrintWriter out) {
        out.println("node " + dash(s.node()) + " (" + dash(s.nodeIp()) + "), AS " + s.asn() + ", block "
                + (s.block() == null ? "none yet" : s.block()) + ", up " + Ages.since(s.startedAt(), now));
        out.println("ipip " + dash(s.ipipMode()) + ", data plane " + dash(s.dataPlane()));
        out.println(
                "datastore " + dash(s.datastore()) + (s.datastoreReachable() ? " (reachable)" : " (NOT reachable)"));
        out.println();
        if (s.peers().isEmpty()) {
            out.println("no BGP peers");
            return;
        }
        TextTable t = new TextTable(
                "PEER", "TYPE", "NODE", "AS", "STATE", "SINCE", "RECEIVED", "ACCEPTED", "INSTALLED", "LAST ERROR");
        for (PeerView p : s.peers()) {
            t.row(
                    p.address(),
                    dash(p.type()),
                    dash(p.node()),
                    Long.toString(p.asn()),
                    dash(p.state()),
                    Ages.since(p.since(), now),
                    Long.toString(p.received()),
                    Long.toString(p.accepted()),
                    Long.toString(p.installed()),
                    dash(p.lastError()));
        }
        t.print(out, "");
    }

    static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
