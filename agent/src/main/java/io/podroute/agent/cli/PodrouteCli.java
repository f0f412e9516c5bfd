package io.podroute.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code podroute} command line. Output goes through picocli's writers ({@code getOut()}, {@code
 * getErr()}); standard input comes from {@link #stdin()}, so that tests run every command in-process.
 */
@Command(
        name = "podroute",
        mixinStandardHelpOptions = true,
        versionProvider = PodrouteCli.Version.class,
        description = "BGP-routed pod networking agent.",
        subcommands = {BgpCommand.class})
public final class PodrouteCli implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    public PodrouteCli(InputStream stdin) {
        this.stdin = stdin;
    }

    InputStream stdin() {
        return stdin;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (bgp)");
    }

    /** A command line reading standard input from {@code stdin}; set its writers with setOut / setErr. */
    public static CommandLine commandLine(InputStream stdin) {
        return new CommandLine(new PodrouteCli(stdin));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs with the process's standard streams, as UTF-8 whatever the platform default. */
    @SuppressForbidden("the CLI writes to the process's stdout and stderr")
    static int run(String[] args) {
        CommandLine cl = commandLine(System.in);
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8)));
        int status = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return status;
    }

    /** The version from the Maven descriptor the jar carries ("dev" when run from classes). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in =
                    PodrouteCli.class.getResourceAsStream("/META-INF/maven/io.podroute/agent/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "podroute " + p.getProperty("version", "dev"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "unknown VM") + ")"
            };
        }
    }
}
