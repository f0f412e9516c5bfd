package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code podroute bgp rib [PREFIX]}: the Loc-RIB, or one prefix with every candidate and why it ranks so. */
@Command(
        name = "rib",
        mixinStandardHelpOptions = true,
        description = {
            "Show the Loc-RIB of `podroute bgp serve`: every prefix with its best path, or one PREFIX with"
                    + " all its paths and the decision step that ranked each."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:routes printed", "1:the API could not be reached, or no route for PREFIX"})
final class BgpRibCommand implements Callable<Integer> {
    @Mixin
    ApiOptions options;

    @Parameters(paramLabel = "PREFIX", arity = "0..1", description = "One prefix, e.g. 10.244.1.0/26.")
    String prefix;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String path = prefix == null ? "/rib" : "/rib?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
        ApiClient.Reply reply;
        try {
            reply = new ApiClient(options.api).get(path);
        } catch (ApiClient.ApiException e) {
            err.println("podroute bgp rib: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (reply.status() != 200) {
            err.println("podroute bgp rib: " + reply.body().path("error").asText("HTTP " + reply.status()));
            err.flush();
            return 1;
        }
        if (options.json) {
            out.println(JsonText.format(reply.body(), false));
        } else if (prefix == null) {
            printAll(reply.body(), out);
        } else {
            printOne(reply.body().path("routes").path(0), out);
        }
        out.flush();
        return 0;
    }

    static void printAll(JsonNode rib, PrintWriter out) {
        TextTable t = new TextTable("PREFIX", "NEXT HOP", "AS PATH", "FROM", "REASON");
        for (JsonNode r : rib.path("routes")) {
            JsonNode best = r.path("best");
            JsonNode candidates = r.path("candidates");
            String reason = candidates.size() <= 1
                    ? "only path"
                    : "best of " + candidates.size() + ": "
                            + candidates.path(1).path("reason").asText();
            t.row(
                    r.path("prefix").asText(),
                    nextHops(r.path("nextHops")),
                    best.path("asPath").asText(),
                    best.path("from").asText(),
                    reason);
        }
        t.print(out, "");
        if (rib.path("truncated").asBoolean()) {
            out.println("(first " + rib.path("routes").size() + " of "
                    + rib.path("prefixCount").asInt()
                    + " prefixes; ask for one PREFIX, or use the API's /rib?limit=N)");
        }
    }

    static void printOne(JsonNode r, PrintWriter out) {
        out.println(r.path("prefix").asText() + ": next hop " + nextHops(r.path("nextHops")));
        TextTable t = new TextTable(
                "#", "FROM", "NEXT HOP", "AS PATH", "ORIGIN", "LOCAL-PREF", "MED", "COMMUNITIES", "ECMP", "REASON");
        for (JsonNode c : r.path("candidates")) {
            StringJoiner comms = new StringJoiner(" ");
            c.path("communities").forEach(x -> comms.add(x.asText()));
            c.path("largeCommunities").forEach(x -> comms.add(x.asText()));
            t.row(
                    c.path("rank").asText(),
                    c.path("from").asText(),
                    c.path("nextHop").isNull() ? "(self)" : c.path("nextHop").asText(),
                    c.path("asPath").asText(),
                    c.path("origin").asText(),
                    c.has("localPref") ? c.path("localPref").asText() : "-",
                    c.has("med") ? c.path("med").asText() : "-",
                    comms.length() == 0 ? "-" : comms.toString(),
                    c.path("multipath").asBoolean() ? "yes" : "no",
                    c.path("reason").asText());
        }
        t.print(out, "  ");
    }

    private static String nextHops(JsonNode hops) {
        StringJoiner j = new StringJoiner(", ");
        for (JsonNode h : hops) {
            j.add(h.path("nextHop").isNull() ? "(self)" : h.path("nextHop").asText());
        }
        return j.length() == 0 ? "-" : j.toString();
    }
}
