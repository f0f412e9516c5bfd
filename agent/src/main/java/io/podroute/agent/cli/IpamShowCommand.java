package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.agent.api.IpamView;
import io.podroute.agent.api.IpamView.BlockView;
import io.podroute.agent.api.IpamView.PoolUsage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code podroute ipam show}: the pools with their usage and every block with its node, from the agent. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show the pools, their usage and every allocated block with its node, from the running agent.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:printed", "2:the agent could not be reached or answered an error; usage error"})
final class IpamShowCommand implements Callable<Integer> {
    @Mixin
    AgentApiOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JsonNode json = new AgentApi(options.api).get("/api/v1/ipam");
            IpamView ipam = AgentApi.as(json, IpamView.class);
            if (options.json) {
                out.println(JsonText.format(json, false));
            } else {
                print(ipam, PodrouteCli.clock(spec).instant(), out);
            }
        } catch (ApiClient.ApiException e) {
            err.println("podroute ipam show: " + e.getMessage());
            err.flush();
            return AgentApi.UNREACHABLE;
        }
        out.flush();
        return 0;
    }

    static void print(IpamView ipam, Instant now, PrintWriter out) {
        out.println("datastore " + StatusCommand.dash(ipam.datastore()));
        out.println();
        TextTable pools = new TextTable("POOL", "BLOCK SIZE", "BLOCKS", "ALLOCATED", "USED");
        for (PoolUsage p : ipam.pools()) {
            pools.row(
                    p.cidr(),
                    "/" + p.blockSize(),
                    Integer.toString(p.blocks()),
                    Integer.toString(p.allocated()),
                    percent(p.allocated(), p.blocks()));
        }
        pools.print(out, "");
        out.println();
        if (ipam.blocks().isEmpty()) {
            out.println("no blocks allocated");
            return;
        }
        TextTable blocks = new TextTable("BLOCK", "NODE", "NODE IP", "LAST SEEN");
        for (BlockView b : ipam.blocks()) {
            blocks.row(
                    b.block(),
                    StatusCommand.dash(b.node()),
                    b.nodeIp() == null ? "- (not registered)" : b.nodeIp(),
                    b.lastSeen() == null ? "never" : Ages.since(b.lastSeen(), now) + " ago");
        }
        blocks.print(out, "");
    }

    /** {@code 0.3%}, {@code 100%}; "-" for an empty pool. */
    static String percent(int part, int whole) {
        if (whole <= 0) {
            return "-";
        }
        double p = 100.0 * part / whole;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p))
                + "%";
    }
}
