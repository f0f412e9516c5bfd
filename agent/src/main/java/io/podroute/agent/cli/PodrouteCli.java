package io.podroute.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * getErr()}); standard input comes from {@link #stdin()} and the time (for ages such as "up 3m12s") from
 * {@link #clock()}, so that tests run every command in-process.
 */
@Command(
        name = "podroute",
        mixinStandardHelpOptions = true,
        versionProvider = PodrouteCli.Version.class,
        description = "BGP-routed pod networking agent.",
        subcommands = {AgentCommand.class, BgpCommand.class, StatusCommand.class, RoutesCommand.class, IpamCommand.class
        })
public final class PodrouteCli implements Callable<Integer> {
    private final InputStream stdin;
    private final Clock clock;

    @Spec
    CommandSpec spec;

    public PodrouteCli(InputStream stdin) {
        this(stdin, Clock.systemUTC());
    }

    public PodrouteCli(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    InputStream stdin() {
        return stdin;
    }

    Clock clock() {
        return clock;
    }

    /** The clock of the root command, or the system clock when a command runs on its own. */
    static Clock clock(CommandSpec spec) {
        return spec.root().userObject() instanceof PodrouteCli cli ? cli.clock() : Clock.systemUTC();
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing required subcommand (agent, bgp, status, routes or ipam)");
    }

    /** A command line reading standard input from {@code stdin}; set its writers with setOut / setErr. */
    public static CommandLine commandLine(InputStream stdin) {
        return new CommandLine(new PodrouteCli(stdin));
    }

    /** The same with a fixed clock, for tests of the ages the commands print. */
    public static CommandLine commandLine(InputStream stdin, Clock clock) {
        return new CommandLine(new PodrouteCli(stdin, clock));
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
