package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.agent.api.RouteExplanation;
import io.podroute.agent.api.RouteView;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code podroute routes [--explain PREFIX]}: the routes the agent wants in the kernel, or why one is so. */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = {
            "Show every route the running agent wants in the kernel and whether the kernel has it;"
                    + " with --explain, why one prefix is (or is not) installed."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:routes or the explanation printed (whatever the verdict)",
            "2:the agent could not be reached or answered an error (e.g. a malformed PREFIX); usage error"
        })
final class RoutesCommand implements Callable<Integer> {
    @Mixin
    AgentApiOptions options;

    @Option(
            names = "--explain",
            paramLabel = "PREFIX",
            description = "Explain one prefix, e.g. 10.244.1.0/26: the verdict, a summary and the evidence.")
    String explain;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AgentApi api = new AgentApi(options.api);
            if (explain == null) {
                routes(api, out);
            } else {
                explain(api, out);
            }
        } catch (ApiClient.ApiException e) {
            err.println("podroute routes: " + e.getMessage());
            err.flush();
            return AgentApi.UNREACHABLE;
        }
        out.flush();
        return 0;
    }

    private void routes(AgentApi api, PrintWriter out) {
        JsonNode json = api.get("/api/v1/routes");
        List<RouteView> routes = AgentApi.asList(json, RouteView.class);
        if (options.json) {
            out.println(JsonText.format(json, false));
        } else {
            print(routes, out);
        }
    }

    private void explain(AgentApi api, PrintWriter out) {
        JsonNode json = api.get("/api/v1/routes/explain?prefix=" + URLEncoder.encode(explain, StandardCharsets.UTF_8));
        RouteExplanation e = AgentApi.as(json, RouteExplanation.class);
        if (options.json) {
            out.println(JsonText.format(json, false));
        } else {
            print(e, out);
        }
    }

    static void print(List<RouteView> routes, PrintWriter out) {
        if (routes.isEmpty()) {
            out.println("no routes");
            return;
        }
        TextTable t = new TextTable("PREFIX", "KIND", "NEXT HOPS", "DEVICE", "IN KERNEL", "WHY");
        int missing = 0;
        for (RouteView r : routes) {
            t.row(
                    r.prefix(),
                    StatusCommand.dash(r.kind()),
                    r.nextHops().isEmpty() ? "-" : String.join(",", r.nextHops()),
                    StatusCommand.dash(r.device()),
                    r.inKernel() ? "yes" : "no",
                    StatusCommand.dash(r.why()));
            missing += r.inKernel() ? 0 : 1;
        }
        t.print(out, "");
        if (missing > 0) {
            out.println();
            out.println(missing + " of " + routes.size() + " route(s) not in the kernel at the last reconciliation"
                    + " pass; `podroute routes --explain PREFIX` tells why");
        }
    }

    static void print(RouteExplanation e, PrintWriter out) {
        out.println(e.prefix() + ": " + e.verdict());
        out.println("  " + e.summary());
        for (String d : e.details()) {
            out.println("    " + d);
        }
    }
}
