package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code podroute bgp status}: the speaker and its peers, read from the {@code bgp serve} API. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the BGP speaker and its peers (from the API of `podroute bgp serve`).",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:status printed", "1:the API could not be reached or answered an error"})
final class BgpStatusCommand implements Callable<Integer> {
    @Mixin
    ApiOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiClient.Reply reply;
        try {
            reply = new ApiClient(options.api).get("/status");
        } catch (ApiClient.ApiException e) {
            err.println("podroute bgp status: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (reply.status() != 200) {
            err.println("podroute bgp status: the API answered " + reply.status() + ": "
                    + reply.body().path("error").asText());
            err.flush();
            return 1;
        }
        if (options.json) {
            out.println(JsonText.format(reply.body(), false));
        } else {
            print(reply.body(), out);
        }
        out.flush();
        return 0;
    }

    static void print(JsonNode status, PrintWriter out) {
        JsonNode s = status.path("speaker");
        out.println("speaker AS " + s.path("asn").asText() + ", router id "
                + s.path("routerId").asText() + ", up " + s.path("uptime").asText() + ", "
                + s.path("locRibPrefixes").asInt() + " prefix(es) in the Loc-RIB");
        TextTable t = new TextTable("PEER", "AS", "STATE", "UPTIME", "RECEIVED", "ACCEPTED", "ADVERTISED");
        StringBuilder notes = new StringBuilder();
        for (JsonNode p : status.path("peers")) {
            long received = 0;
            long accepted = 0;
            long advertised = 0;
            for (JsonNode f : p.path("prefixes")) {
                received += f.path("received").asLong();
                accepted += f.path("accepted").asLong();
                advertised += f.path("advertised").asLong();
            }
            String address = p.path("address").asText();
            t.row(
                    address,
                    p.path("remoteAs").asText(),
                    p.path("state").asText(),
                    p.path("uptime").isTextual() ? p.path("uptime").asText() : "-",
                    Long.toString(received),
                    Long.toString(accepted),
                    Long.toString(advertised));
            note(notes, address, "last NOTIFICATION sent", p.path("lastNotificationSent"));
            note(notes, address, "last NOTIFICATION received", p.path("lastNotificationReceived"));
            for (String dir : new String[] {"importPolicy", "exportPolicy"}) {
                String reason = p.path(dir).asText("");
                if (reason.startsWith("RFC 8212")) {
                    notes.append(address).append(": ").append(reason).append('\n');
                }
            }
        }
        t.print(out, "");
        if (notes.length() > 0) {
            out.println();
            out.print(notes);
        }
    }

    private static void note(StringBuilder notes, String address, String what, JsonNode n) {
        if (n == null || !n.isObject()) {
            return;
        }
        notes.append(address)
                .append(": ")
                .append(what)
                .append(' ')
                .append(n.path("name").asText());
        if (n.hasNonNull("communication")) {
            notes.append(" \"").append(n.path("communication").asText()).append('"');
        }
        notes.append('\n');
    }
}
