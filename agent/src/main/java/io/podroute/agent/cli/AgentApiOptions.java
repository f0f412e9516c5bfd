package io.podroute.agent.cli;

import io.podroute.agent.api.AgentApiServer;
import picocli.CommandLine.Option;

/** The options shared by the commands that read the API of a running {@code podroute agent}. */
final class AgentApiOptions {
    @Option(
            names = "--api",
            paramLabel = "HOST:PORT",
            defaultValue = AgentApiServer.DEFAULT_ADDRESS,
            description = "Address of the agent's local API (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;
}
