package io.podroute.bgp.testing;

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
}
