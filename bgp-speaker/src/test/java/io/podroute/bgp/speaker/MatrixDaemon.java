package io.podroute.bgp.speaker;

import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real daemon of the interop matrix ({@link SpeakerMatrixIT}): how to start it with a set of
 * {@link Knobs}, how to withdraw one of its routes, and how to read what it received from us, each
 * with the daemon's own tool (vtysh JSON, the gobgp CLI, ExaBGP's JSON API output). The daemon sits
 * at {@link DaemonLab}'s {@code .1} / {@code ::1}, we at {@code .2} / {@code ::2}.
 */
enum MatrixDaemon {
    FRR {
        @Override
        Process start(DaemonLab l, Knobs k) {
            String p = k.ours(l);
            StringBuilder b = new StringBuilder(" bgp router-id " + l.daemon4())
                    .append("\n no bgp ebgp-requires-policy\n no bgp network import-check")
                    .append("\n no bgp default ipv4-unicast");
            if (k.restartTime() > 0) {
                // preserve-fw-state sets the F bit; without it our side sweeps at once on reconnect.
                b.append("\n bgp graceful-restart\n bgp graceful-restart preserve-fw-state")
                        .append("\n bgp graceful-restart restart-time ")
                        .append(k.restartTime());
            }
            b.append("\n neighbor ").append(p).append(" remote-as ").append(k.peerAs());
            b.append("\n neighbor ").append(p).append(" advertisement-interval 0");
            b.append("\n neighbor ").append(p).append(" timers connect 1");
            if (k.holdTime() > 0) {
                b.append("\n neighbor ").append(p).append(" timers 1 ").append(k.holdTime());
            }
            if (k.password() != null) {
                b.append("\n neighbor ").append(p).append(" password ").append(k.password());
            }
            if (k.ttl() == Ttl.SECURITY_255) {
                b.append("\n neighbor ").append(p).append(" ttl-security hops 1");
            }
            b.append("\n address-family ").append(k.family()).append(" unicast");
            for (Prefix r : k.routes()) {
                b.append("\n  network ").append(r);
            }
            b.append("\n  neighbor ").append(p).append(" activate\n exit-address-family");
            return Daemons.frr(l.lab(), l.daemonNs(), k.daemonAs(), b.toString());
        }

        @Override
        void withdraw(DaemonLab l, Knobs k, Prefix p) {
            Daemons.vtysh(
                    l.lab(),
                    "configure terminal",
                    "router bgp " + k.daemonAs(),
                    "address-family " + k.family() + " unicast",
                    "no network " + p);
        }

        @Override
        String received(DaemonLab l, Knobs k, Prefix p) {
            String j = Daemons.vtysh(l.lab(), "show bgp " + k.family() + " unicast " + p + " json");
            return j.contains("\"" + k.ours(l) + "\"") ? j : "";
        }

        @Override
        boolean hasLocalPref(String received, int localPref) {
            return received.contains("\"locPrf\":" + localPref);
        }
    },

    GOBGP {
        @Override
        Process start(DaemonLab l, Knobs k) {
            StringBuilder t = new StringBuilder("[global.config]\n  as = " + k.daemonAs())
                    .append("\n  router-id = \"" + l.daemon4() + "\"\n  local-address-list = [\"")
                    .append(k.daemon(l))
                    .append("\"]\n[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"")
                    .append(k.ours(l))
                    .append("\"\n    peer-as = ")
                    .append(k.peerAs())
                    // down until its routes are in: else a restarted gobgpd may send End-of-RIB first
                    .append("\n    admin-down = true\n");
            if (k.password() != null) {
                t.append("    auth-password = \"").append(k.password()).append("\"\n");
            }
            t.append("  [neighbors.timers.config]\n    connect-retry = 1\n");
            if (k.holdTime() > 0) {
                t.append("    hold-time = ").append(k.holdTime()).append("\n    keepalive-interval = 1\n");
            }
            if (k.ttl() == Ttl.SECURITY_255) {
                t.append("  [neighbors.ttl-security.config]\n    enabled = true\n    ttl-min = 255\n");
            }
            if (k.restartTime() > 0) {
                t.append("  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = ")
                        .append(k.restartTime())
                        .append('\n');
            }
            t.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = \"")
                    .append(k.family())
                    .append("-unicast\"\n");
            if (k.restartTime() > 0) {
                t.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n");
            }
            // -r: start in graceful-restart mode, the only way GoBGP sets the R and F bits.
            Process p = k.restarting()
                    ? Daemons.gobgpdWith(l.lab(), l.daemonNs(), t.toString(), "-r")
                    : Daemons.gobgpdWith(l.lab(), l.daemonNs(), t.toString());
            for (Prefix r : k.routes()) {
                boolean added = NetnsLab.await(DaemonLab.WAIT, () -> {
                    Daemons.gobgp(
                            l.lab(), "global", "rib", "add", r.toString(), "nexthop", k.daemon(l), "-a", k.family());
                    return Daemons.gobgp(l.lab(), "global", "rib", "-a", k.family())
                            .contains(r.toString());
                });
                if (!added) {
                    throw new IllegalStateException(
                            "gobgp did not take " + r + ": " + l.lab().read("gobgpd.out"));
                }
            }
            String enabled = Daemons.gobgp(l.lab(), "neighbor", k.ours(l), "enable");
            if (!enabled.isBlank()) {
                throw new IllegalStateException("gobgp neighbor enable: " + enabled);
            }
            return p;
        }

        @Override
        void withdraw(DaemonLab l, Knobs k, Prefix p) {
            Daemons.gobgp(l.lab(), "global", "rib", "del", p.toString(), "-a", k.family());
        }

        @Override
        String received(DaemonLab l, Knobs k, Prefix p) {
            String adjIn = Daemons.gobgp(l.lab(), "neighbor", k.ours(l), "adj-in", "-a", k.family());
            return adjIn.contains(p.toString()) ? adjIn : "";
        }

        @Override
        boolean hasLocalPref(String received, int localPref) {
            return received.contains("{LocalPref: " + localPref + "}");
        }
    },

    EXABGP {
        @Override
        Process start(DaemonLab l, Knobs k) {
            StringBuilder n = new StringBuilder("neighbor " + k.ours(l) + " {\n  router-id " + l.daemon4())
                    .append(";\n  local-address ")
                    .append(k.daemon(l))
                    .append(";\n  local-as ")
                    .append(k.daemonAs())
                    .append(";\n  peer-as ")
                    .append(k.peerAs())
                    .append(";\n  hold-time ")
                    .append(k.holdTime() > 0 ? k.holdTime() : 90)
                    .append(";\n");
            if (k.password() != null) {
                n.append("  md5-password \"").append(k.password()).append("\";\n");
            }
            if (k.ttl() != Ttl.DEFAULT) {
                n.append("  outgoing-ttl ").append(k.ttl() == Ttl.ONE ? 1 : 255).append(";\n");
            }
            n.append("  capability {\n    route-refresh;\n");
            if (k.restartTime() > 0) {
                n.append("    graceful-restart ").append(k.restartTime()).append(";\n");
            }
            n.append("  }\n  family {\n    ").append(k.family()).append(" unicast;\n  }\n  static {\n");
            for (Prefix r : k.routes()) {
                n.append("    route ")
                        .append(r)
                        .append(" next-hop ")
                        .append(k.daemon(l))
                        .append(";\n");
            }
            n.append("  }\n  API\n}\n");
            return Daemons.exabgpWithApi(l.lab(), l.daemonNs(), n.toString(), 179);
        }

        @Override
        boolean listens() {
            return false;
        }

        @Override
        void withdraw(DaemonLab l, Knobs k, Prefix p) {
            Daemons.exabgpCommand(l.lab(), "withdraw route " + p + " next-hop " + k.daemon(l));
        }

        /** The last JSON line that announced or withdrew {@code p}, if it announced it. */
        @Override
        String received(DaemonLab l, Knobs k, Prefix p) {
            String last = "";
            for (String line : Daemons.exabgpReceived(l.lab()).split("\n", -1)) {
                if (line.contains("\"nlri\": \"" + p + "\"")) {
                    last = line.contains("\"withdraw\"") ? "" : line;
                }
            }
            return last;
        }

        @Override
        boolean hasLocalPref(String received, int localPref) {
            return received.contains("\"local-preference\": " + localPref);
        }
    };

    /** What TTL the daemon sends with: its default, 1, or 255 (GTSM / TTL security). */
    enum Ttl {
        DEFAULT,
        ONE,
        SECURITY_255
    }

    /**
     * The daemon's side of one test.
     *
     * @param daemonAs the daemon's AS
     * @param peerAs our AS as the daemon knows it (equal to {@code daemonAs} for iBGP)
     * @param ipv6 the session runs over IPv6 and carries IPv6 unicast only
     * @param holdTime hold time the daemon proposes, 0 for its default
     * @param password TCP MD5 key, or null
     * @param ttl TTL the daemon sends with
     * @param restartTime graceful restart with this restart time, 0 for off
     * @param restarting started again after a crash (GoBGP's {@code -r})
     * @param routes the daemon's own routes, announced from the start
     */
    record Knobs(
            long daemonAs,
            long peerAs,
            boolean ipv6,
            int holdTime,
            String password,
            Ttl ttl,
            int restartTime,
            boolean restarting,
            List<Prefix> routes) {
        static Knobs ebgp(Prefix... routes) {
            return new Knobs(
                    DaemonLab.DAEMON_AS, DaemonLab.OUR_AS, false, 0, null, Ttl.DEFAULT, 0, false, List.of(routes));
        }

        Knobs ibgp() {
            return new Knobs(daemonAs, daemonAs, ipv6, holdTime, password, ttl, restartTime, restarting, routes);
        }

        Knobs overIpv6() {
            return new Knobs(daemonAs, peerAs, true, holdTime, password, ttl, restartTime, restarting, routes);
        }

        Knobs hold(int seconds) {
            return new Knobs(daemonAs, peerAs, ipv6, seconds, password, ttl, restartTime, restarting, routes);
        }

        Knobs md5(String key) {
            return new Knobs(daemonAs, peerAs, ipv6, holdTime, key, ttl, restartTime, restarting, routes);
        }

        Knobs sending(Ttl t) {
            return new Knobs(daemonAs, peerAs, ipv6, holdTime, password, t, restartTime, restarting, routes);
        }

        Knobs gracefulRestart(int seconds) {
            return new Knobs(daemonAs, peerAs, ipv6, holdTime, password, ttl, seconds, restarting, routes);
        }

        Knobs restartedWith(Prefix... newRoutes) {
            return new Knobs(daemonAs, peerAs, ipv6, holdTime, password, ttl, restartTime, true, List.of(newRoutes));
        }

        boolean ibgpSession() {
            return daemonAs == peerAs;
        }

        String family() {
            return ipv6 ? "ipv6" : "ipv4";
        }

        String daemon(DaemonLab l) {
            return ipv6 ? l.daemon6() : l.daemon4();
        }

        String ours(DaemonLab l) {
            return ipv6 ? l.ours6() : l.ours4();
        }
    }

    /** Starts the daemon in {@code l}'s daemon namespace; its routes are announced once it is up. */
    abstract Process start(DaemonLab l, Knobs k);

    /** Withdraws one of the daemon's routes at run time. */
    abstract void withdraw(DaemonLab l, Knobs k, Prefix p);

    /** The daemon's view of our route {@code p} (its tool's output), or "" if it has none. */
    abstract String received(DaemonLab l, Knobs k, Prefix p);

    abstract boolean hasLocalPref(String received, int localPref);

    /** False for ExaBGP, which only connects: our peer is then passive and the speaker listens. */
    boolean listens() {
        return true;
    }

    /** SIGSTOP to the daemon and its children (ExaBGP's API helpers); the lab sends SIGCONT at close. */
    static void freeze(Process p) {
        p.toHandle().descendants().forEach(h -> NetnsLab.run("kill", "-STOP", Long.toString(h.pid())));
        NetnsLab.signal(p, "STOP");
    }

    /** SIGKILL to the daemon and its children: no NOTIFICATION, the kernel closes its sockets. */
    static void crash(Process p) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean await(Duration d, java.util.function.BooleanSupplier c) {
        return NetnsLab.await(d, c);
    }
}
