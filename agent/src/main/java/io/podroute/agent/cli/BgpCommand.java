package io.podroute.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code podroute bgp}: BGP tools (the message inspector). */
@Command(
        name = "bgp",
        description = "BGP tools.",
        mixinStandardHelpOptions = true,
        subcommands = {BgpDecodeCommand.class, BgpEncodeCommand.class})
final class BgpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (decode or encode)");
    }
}
