package io.podroute.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code podroute bgp}: BGP tools (the message inspector, the standalone speaker and its status). */
@Command(
        name = "bgp",
        description = "BGP tools.",
        mixinStandardHelpOptions = true,
        subcommands = {
            BgpDecodeCommand.class,
            BgpEncodeCommand.class,
            BgpServeCommand.class,
            BgpStatusCommand.class,
            BgpRibCommand.class
        })
final class BgpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing required subcommand (decode, encode, serve, status or rib)");
    }
}
