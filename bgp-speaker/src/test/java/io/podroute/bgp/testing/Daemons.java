package io.podroute.bgp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real BGP daemons started inside a test's namespace, with the invocations that work on this machine
 * (the same facts as ops/vectors/capture.py). Each returns its process; {@link NetnsLab#close()} kills
 * it. Configuration is written to the lab's directory.
 */
public final class Daemons {
    private Daemons() {}

    /** BIRD 2: {@code protocolBody} goes inside {@code protocol bgp tor { ... }}. */
    public static Process bird(NetnsLab lab, String ns, String routerId, String protocolBody, String... extraArgs) {
        return birdWith(lab, ns, routerId, "", protocolBody, extraArgs);
    }

    /** BIRD 2 with extra top-level configuration (e.g. a {@code protocol static}) before the BGP one. */
    public static Process birdWith(
            NetnsLab lab, String ns, String routerId, String topLevel, String protocolBody, String... extraArgs) {
        String conf = "log \"" + lab.dir() + "/bird.log\" all;\n"
                + "router id " + routerId + ";\n"
                + "protocol device { }\n"
                + topLevel + "\n"
                + "protocol bgp tor {\n" + protocolBody + "\n}\n";
        String cf = lab.write("bird.conf", conf).toString();
        String[] base = {"/usr/sbin/bird", "-f", "-c", cf, "-s", lab.dir() + "/bird.ctl", "-P", lab.dir() + "/bird.pid"
        };
        String[] cmd = new String[base.length + extraArgs.length];
        System.arraycopy(base, 0, cmd, 0, base.length);
        System.arraycopy(extraArgs, 0, cmd, base.length, extraArgs.length);
        return lab.start(ns, "bird.out", Map.of(), cmd);
    }

    public static String birdc(NetnsLab lab, String command) {
        return NetnsLab.run("/usr/sbin/birdc", "-s", lab.dir() + "/bird.ctl", command)
                .output();
    }

    /** FRR bgpd without zebra; {@code routerBgp} is the body of {@code router bgp AS}. */
    public static Process frr(NetnsLab lab, String ns, long asn, String routerBgp) {
        String conf = "frr defaults traditional\nhostname prbgp-frr\nlog file " + lab.dir() + "/bgpd.log\n!\n"
                + "router bgp " + asn + "\n" + routerBgp + "\n!\n";
        String cf = lab.write("bgpd.conf", conf).toString();
        return lab.start(
                ns,
                "bgpd.out",
                Map.of(),
                "/usr/lib/frr/bgpd",
                "-Z",
                "-S",
                "-n",
                "-f",
                cf,
                "-i",
                lab.dir() + "/bgpd.pid",
                "--vty_socket",
                lab.dir().toString(),
                "-P",
                "0",
                "-u",
                "root",
                "-g",
                "root",
                "--log",
                "file:" + lab.dir() + "/bgpd.stdlog");
    }

    public static String vtysh(NetnsLab lab, String command) {
        return NetnsLab.run("/usr/bin/vtysh", "--vty_socket", lab.dir().toString(), "-c", command)
                .output();
    }

    /** GoBGP; {@code toml} is the whole configuration. */
    public static Process gobgp(NetnsLab lab, String ns, String toml) {
        String cf = lab.write("gobgpd.toml", toml).toString();
        return lab.start(
                ns,
                "gobgpd.out",
                Map.of(),
                "/usr/bin/gobgpd",
                "-f",
                cf,
                "-t",
                "toml",
                "--api-hosts",
                "unix://" + lab.dir() + "/gobgp.sock",
                "--pprof-disable",
                "-p");
    }

    /** GoBGP with extra command-line arguments, e.g. {@code -r} to start in graceful-restart mode. */
    public static Process gobgpdWith(NetnsLab lab, String ns, String toml, String... extraArgs) {
        String cf = lab.write("gobgpd.toml", toml).toString();
        // a SIGKILLed gobgpd leaves its API socket behind, and a new one cannot listen on it
        lab.dir().resolve("gobgp.sock").toFile().delete();
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/gobgpd",
                "-f",
                cf,
                "-t",
                "toml",
                "--api-hosts",
                "unix://" + lab.dir() + "/gobgp.sock",
                "--pprof-disable",
                "-p"));
        cmd.addAll(List.of(extraArgs));
        return lab.start(ns, "gobgpd.out", Map.of(), cmd.toArray(new String[0]));
    }

    public static String gobgp(NetnsLab lab, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "/usr/bin/gobgp";
        cmd[1] = "--target";
        cmd[2] = "unix://" + lab.dir() + "/gobgp.sock";
        System.arraycopy(args, 0, cmd, 3, args.length);
        return NetnsLab.run(cmd).output();
    }

    /** ExaBGP 4 in the foreground, connecting to port {@code port} of its neighbours. */
    public static Process exabgp(NetnsLab lab, String ns, String conf, int port) {
        String cf = lab.write("exabgp.conf", conf).toString();
        Map<String, String> env = Map.of(
                "exabgp.daemon.user", "root",
                "exabgp.daemon.daemonize", "false",
                "exabgp.daemon.pid", lab.dir() + "/exabgp.pid",
                "exabgp.log.destination", lab.dir() + "/exabgp.log",
                "exabgp.log.level", "INFO",
                "exabgp.api.cli", "false",
                "exabgp.tcp.port", Integer.toString(port));
        return lab.start(ns, "exabgp.out", env, "/usr/sbin/exabgp", cf);
    }

    /** Several vtysh commands in one session, e.g. {@code "configure terminal", "router bgp 1", ...}. */
    public static String vtysh(NetnsLab lab, String... commands) {
        List<String> cmd = new ArrayList<>(
                List.of("/usr/bin/vtysh", "--vty_socket", lab.dir().toString()));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        return NetnsLab.run(cmd.toArray(new String[0])).output();
    }

    /**
     * ExaBGP 4 with two API processes: lines appended with {@link #exabgpCommand} (e.g. {@code announce
     * route 10.0.0.0/24 next-hop 10.0.0.1}) are sent by it, and every UPDATE it receives is written as
     * one JSON line to {@code exabgp-received.json} ({@link #exabgpReceived}). {@code neighbours} is
     * the neighbour blocks without their {@code api} section: the string {@code API} inside a block is
     * replaced by it.
     */
    public static Process exabgpWithApi(NetnsLab lab, String ns, String neighbours, int port) {
        lab.write("exabgp-commands.txt", "");
        lab.write("exabgp-received.json", "");
        Path send = script(lab, "exabgp-send.sh", "exec tail -n +1 -F " + lab.dir() + "/exabgp-commands.txt");
        // cat's stdout goes to the file: fd 3 keeps the pipe to ExaBGP open, else ExaBGP sees EOF and
        // takes the process for dead ("Too many death").
        Path recv = script(lab, "exabgp-recv.sh", "exec 3>&1\nexec cat >> " + lab.dir() + "/exabgp-received.json");
        String api =
                "api {\n    processes [ pr-send, pr-recv ];\n    receive {\n      parsed;\n      update;\n    }\n  }\n";
        String conf = "process pr-send {\n  run " + send + ";\n  encoder text;\n}\n"
                + "process pr-recv {\n  run " + recv + ";\n  encoder json;\n}\n"
                + neighbours.replace("API", api);
        return exabgp(lab, ns, conf, port);
    }

    /** Hands one API command to the ExaBGP started by {@link #exabgpWithApi}. */
    public static void exabgpCommand(NetnsLab lab, String command) {
        try {
            Files.writeString(
                    lab.dir().resolve("exabgp-commands.txt"),
                    command + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON lines ExaBGP's receiving API process got so far. */
    public static String exabgpReceived(NetnsLab lab) {
        return lab.read("exabgp-received.json");
    }

    private static Path script(NetnsLab lab, String name, String body) {
        Path p = lab.write(name, "#!/bin/sh\n" + body + "\n");
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
