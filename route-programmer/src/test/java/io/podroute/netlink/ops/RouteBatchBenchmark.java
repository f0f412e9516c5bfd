package io.podroute.netlink.ops;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import io.podroute.routes.Route;
import io.podroute.routes.kernel.NetlinkKernelRoutes;
import io.podroute.routes.reconcile.ApplyResult;
import io.podroute.routes.reconcile.RouteTable;
import io.podroute.routes.reconcile.RouteTableLoop;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Route install/delete throughput in a throwaway netns; run by ops/bench/netlink/route-bench.sh
 * (which also times `ip -batch` on the same routes). Not a test: no timing is ever asserted.
 *
 * <p>Arguments: netns name, route count, gateway. Routes are /32s from 100.64.0.0/10 via one
 * gateway, protocol 77, as in the script's ip -batch files.
 */
public final class RouteBatchBenchmark {
    private RouteBatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        String ns = args[0];
        int n = Integer.parseInt(args[1]);
        InetAddress gw = Addresses.inet(args.length > 2 ? args[2] : "192.168.0.2");
        try (NetlinkHandle h = NetlinkHandle.open(ns)) {
            RouteOps ops = new RouteOps(h);
            List<Route> warm = routes(Math.min(n, 50_000), gw);
            for (int i = 0; i < 3; i++) {
                ops.addAll(warm);
                ops.deleteAll(warm);
            }
            // The RouteTable pass gets the same warm-up as the writer (3 × 50 000): with one round
            // its single measured pass still ran partly in not-yet-compiled code.
            for (int i = 0; i < 3; i++) {
                RouteTable warmTable = new RouteTable(new NetlinkKernelRoutes(h), 77);
                warmTable.setRoutes(warm);
                warmTable.markComplete();
                warmTable.apply();
                warmTable.setRoutes(List.of());
                warmTable.apply();
            }

            List<Route> routes = routes(n, gw);
            System.gc();
            long a0 = allocated();
            long t0 = System.nanoTime();
            int addFailures = ops.addAll(routes).size();
            long t1 = System.nanoTime();
            long a1 = allocated();
            int listed = ops.list(Rtnl.AF_INET, Rtnl.RT_TABLE_MAIN, 77).size();
            long a2 = allocated();
            long t2 = System.nanoTime();
            int delFailures = ops.deleteAll(routes).size();
            long t3 = System.nanoTime();
            long a3 = allocated();
            report("podroute-add", n, t1 - t0, a1 - a0, addFailures);
            report("podroute-delete", n, t3 - t2, a3 - a2, delFailures);
            System.out.printf(Locale.ROOT, "podroute-dump %d routes listed after the add%n", listed);

            long t8 = System.nanoTime();
            int replFailures = ops.replaceAll(routes).size();
            long t9 = System.nanoTime();
            report("podroute-replace", n, t9 - t8, 0, replFailures);
            ops.deleteAll(routes);

            RouteTable table = new RouteTable(new NetlinkKernelRoutes(h), 77);
            table.setRoutes(routes);
            table.markComplete();
            long t4 = System.nanoTime();
            ApplyResult r = table.apply();
            long t5 = System.nanoTime();
            report(
                    "routetable-install",
                    r.routesReplaced(),
                    t5 - t4,
                    0,
                    r.routeFailures().size());
            table.setRoutes(List.of());
            long t6 = System.nanoTime();
            ApplyResult d = table.apply();
            long t7 = System.nanoTime();
            report(
                    "routetable-clear",
                    d.routesDeleted(),
                    t7 - t6,
                    0,
                    d.routeFailures().size());
            restoreLatency(ns, h, routes);
        }
    }

    /**
     * With the loop and the monitor running over the full set, deletes one route at a time behind
     * the table's back (another socket) and measures until the kernel has it again.
     */
    private static void restoreLatency(String ns, NetlinkHandle h, List<Route> routes) throws Exception {
        RouteTable live = new RouteTable(new NetlinkKernelRoutes(h), 77);
        live.setRoutes(routes);
        live.markComplete();
        live.apply();
        List<Long> micros = new ArrayList<>();
        try (RouteTableLoop loop =
                        new RouteTableLoop(live, Duration.ofHours(1), Duration.ofMillis(100), (x, took) -> {});
                NetlinkHandle other = NetlinkHandle.open(ns)) {
            RouteMonitor monitor = RouteMonitor.start(ns, loop);
            try {
                RouteOps hand = new RouteOps(other);
                for (int i = 0; i < 21; i++) {
                    Route victim = routes.get((int) ((long) i * routes.size() / 21));
                    long t0 = System.nanoTime();
                    hand.delete(victim);
                    while (!restored(hand, victim)) {
                        Thread.onSpinWait();
                    }
                    micros.add((System.nanoTime() - t0) / 1000);
                }
            } finally {
                monitor.close();
            }
        }
        live.setRoutes(List.of());
        live.apply();
        Collections.sort(micros);
        System.out.printf(
                Locale.ROOT,
                "RESULT restore-latency     median %.1f ms, max %.1f ms over %d hand deletions (%d routes installed)%n",
                micros.get(micros.size() / 2) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0,
                micros.size(),
                routes.size());
    }

    private static boolean restored(RouteOps ops, Route r) {
        try {
            return ops.lookup(r.dst()).dst().equals(r.dst());
        } catch (NetlinkException e) {
            return false;
        }
    }

    static List<Route> routes(int n, InetAddress gw) {
        List<Route> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int a = (100 << 24) | (64 << 16) | (i + 1);
            byte[] b = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
            out.add(Route.builder(Prefix.of(b, 32)).gateway(gw).protocol(77).build());
        }
        return out;
    }

    private static void report(String what, int n, long nanos, long bytes, int failures) {
        double secs = nanos / 1e9;
        String heap = bytes > 0 ? String.format(Locale.ROOT, ", %.1f bytes allocated/route", (double) bytes / n) : "";
        System.out.printf(
                Locale.ROOT,
                "RESULT %-18s %d routes in %.3f s = %.0f routes/s (%d rejected%s)%n",
                what,
                n,
                secs,
                n / secs,
                failures,
                heap);
    }

    @SuppressForbidden(reason = "per-thread allocation counter is HotSpot-specific, benchmark only")
    private static long allocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }
}
