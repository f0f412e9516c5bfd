package io.podroute.agent.cli;

import io.podroute.agent.config.BgpServeSetup;
import io.podroute.agent.config.ConfigException;
import io.podroute.agent.serve.BgpServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podroute bgp serve --config FILE [--check]}: the BGP speaker alone, no agent, no kernel routes
 * (docs/bgp-serve.md). Runs until SIGTERM or SIGINT, then sends Cease 6/2 to every peer and exits 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the BGP speaker alone (no agent, no kernel routes) from a YAML file (docs/config.md), with a"
                    + " read-only JSON API for `podroute bgp status` and `podroute bgp rib`. Logs go to stderr."
                    + " SIGTERM or SIGINT stops every session with Cease/Administrative Shutdown."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:--check: the config is valid; otherwise: stopped by SIGTERM/SIGINT after a clean shutdown",
            "1:could not start (e.g. the listen or API address is in use)",
            "2:invalid configuration or usage"
        })
final class BgpServeCommand implements Callable<Integer> {
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
        BgpServeSetup setup;
        try {
            setup = BgpServeSetup.load(config);
        } catch (ConfigException e) {
            err.println(config + ": " + e.errors().size() + " error(s):");
            e.errors().forEach(line -> err.println("  " + line));
            err.flush();
            return 2;
        }
        if (check) {
            setup.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            out.println("ok");
            out.flush();
            return 0;
        }
        BgpServer server;
        try {
            server = BgpServer.start(setup, Runnable::run, Clock.systemUTC());
        } catch (RuntimeException e) {
            err.println("podroute bgp serve: cannot start: " + e);
            err.flush();
            return 1;
        }
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndExit(server), "bgp-serve-shutdown"));
        forever.await();
        return 0;
    }

    /**
     * Runs in the shutdown hook (SIGTERM, SIGINT): a clean stop, then exit status 0 rather than the
     * signal's 128+n, since stopping is the expected way to end {@code bgp serve}.
     */
    private static void stopAndExit(BgpServer server) {
        server.stop();
        Runtime.getRuntime().halt(0);
    }
}
