package io.podroute.agent.cli;

import io.podroute.agent.config.BgpServeSetup;
import picocli.CommandLine.Option;

/** The options shared by the commands that read the {@code bgp serve} API. */
final class ApiOptions {
    @Option(
            names = "--api",
            paramLabel = "ADDR",
            defaultValue = BgpServeSetup.DEFAULT_API,
            description = "Address of the `podroute bgp serve` API (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;
}
