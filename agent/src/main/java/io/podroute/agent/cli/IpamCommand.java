package io.podroute.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code podroute ipam}: the pod address blocks. {@code show} reads the running agent's API; {@code
 * release} works on the datastore directly, without an agent.
 */
@Command(
        name = "ipam",
        description = "Pod address management: pools and the blocks of each node.",
        mixinStandardHelpOptions = true,
        subcommands = {IpamShowCommand.class, IpamReleaseCommand.class})
final class IpamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String names = String.join(", ", spec.subcommands().keySet());
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (" + names + ")");
    }
}
