package io.podroute.agent.cli;

import io.podroute.agent.Datastores;
import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.ipam.Datastore;
import io.podroute.agent.ipam.DatastoreException;
import io.podroute.agent.ipam.Ipam;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code podroute ipam release NODE --config FILE}: frees the block of a node that was removed from the
 * cluster. Works on the datastore the config names, directly, so it needs no running agent (the node
 * is usually gone). The other agents see the node leave the registry and drop its mesh session.
 */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Free the block and registry entry of a removed node (works on the datastore directly).",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:released",
            "1:the node held no block, or the datastore failed",
            "2:invalid configuration or usage"
        })
final class IpamReleaseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NODE", description = "The node name, as in `podroute ipam show`.")
    String node;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The agent's YAML configuration.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentSetup setup = AgentCommand.load(config, err);
        if (setup == null) {
            return 2;
        }
        try (Datastore store = Datastores.open(setup.datastore())) {
            Ipam ipam = new Ipam(store, setup.pools(), Clock.systemUTC());
            if (!ipam.release(node)) {
                err.println("node " + node + " holds no block in " + store.describe());
                err.flush();
                return 1;
            }
            out.println("released the block of node " + node + " in " + store.describe());
            out.flush();
            return 0;
        } catch (DatastoreException e) {
            err.println("podroute ipam release: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
