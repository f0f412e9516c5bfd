package io.podroute.agent.cli;

import io.podroute.agent.AgentStartException;
import io.podroute.agent.NodeAgent;
import io.podroute.agent.config.AgentConfigLoader;
import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.config.ConfigException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podroute agent --config FILE [--check]}: the node agent (docs/agent.md). Runs until SIGTERM or
 * SIGINT, then stops WITHOUT undoing anything: kernel routes stay and peers keep our routes under
 * graceful restart, so a restart (or an upgrade) loses no traffic.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Run the podroute node agent: claim this node's pod CIDR, announce it over BGP, install the routes"
                    + " to every other node's pods, write the CNI config. Logs go to stderr. SIGTERM/SIGINT stops"
                    + " it and leaves routes in place for the next start (graceful restart)."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:--check: the config is valid; otherwise: stopped by SIGTERM/SIGINT",
            "1:could not start (datastore unreachable, pool exhausted, no node IP, ...)",
            "2:invalid configuration or usage"
        })
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The YAML configuration.")
    Path config;

    @Option(names = "--check", description = "Load and validate the config, print \"ok\" or the errors, and exit.")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentSetup setup = load(config, err);
        if (setup == null) {
            return 2;
        }
        setup.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        if (check) {
            out.println("ok");
            out.flush();
            return 0;
        }
        NodeAgent agent;
        try {
            agent = NodeAgent.start(setup, PrometheusRegistry.defaultRegistry);
        } catch (AgentStartException e) {
            err.println("podroute agent: cannot start: " + e.getMessage());
            err.flush();
            return 1;
        } catch (RuntimeException e) { // e.g. an address in use; everything started was closed again
            err.println("podroute agent: cannot start: " + e);
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndExit(agent), "agent-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }

    /** Reads and validates the file; prints every error and returns null when it is invalid. */
    static AgentSetup load(Path file, PrintWriter err) {
        try {
            return AgentConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(file + ": " + e.errors().size() + " error(s):");
            e.errors().forEach(line -> err.println("  " + line));
            err.flush();
            return null;
        }
    }

    /** In the shutdown hook: stop without undoing, then exit 0 (stopping is the normal end). */
    private static void stopAndExit(NodeAgent agent) {
        agent.close();
        Runtime.getRuntime().halt(0);
    }
}
