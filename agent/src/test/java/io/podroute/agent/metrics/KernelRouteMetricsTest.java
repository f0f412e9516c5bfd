package io.podroute.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.podroute.agent.metrics.KernelRouteMetrics.Kind;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.routes.Addresses;
import io.podroute.routes.NextHop;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelRouteMetricsTest {
    private static final int TUNNEL = 9;

    private static Route direct(String dst) {
        return Route.builder(dst).gateway("10.0.0.2").ifIndex(2).protocol(77).build();
    }

    private static Route tunnelled(String dst) {
        return Route.builder(dst)
                .gateway("10.1.0.2")
                .ifIndex(TUNNEL)
                .onlink(true)
                .protocol(77)
                .build();
    }

    private static Route blackhole(String dst) {
        return Route.builder(dst).type(RouteType.BLACKHOLE).protocol(77).build();
    }

    private static Route ecmp(String dst) {
        return Route.builder(dst)
                .multipath(
                        List.of(NextHop.via(Addresses.inet("10.0.0.2"), 2), NextHop.via(Addresses.inet("10.0.0.3"), 2)))
                .protocol(77)
                .build();
    }

    @Test
    void classifiesEachKind() {
        assertEquals(Kind.DIRECT, KernelRouteMetrics.kind(direct("10.244.1.0/26"), TUNNEL));
        assertEquals(Kind.IPIP, KernelRouteMetrics.kind(tunnelled("10.244.2.0/26"), TUNNEL));
        assertEquals(Kind.BLACKHOLE, KernelRouteMetrics.kind(blackhole("10.244.0.0/26"), TUNNEL));
        assertEquals(Kind.ECMP, KernelRouteMetrics.kind(ecmp("10.244.3.0/26"), TUNNEL));
        assertEquals(Kind.DIRECT, KernelRouteMetrics.kind(tunnelled("10.244.2.0/26"), 0), "no tunnel: no ipip kind");
    }

    @Test
    void countsTheDumpAtEachScrapeWithEveryKindPresent() {
        List<Route> kernel = new ArrayList<>(List.of(direct("10.244.1.0/26"), blackhole("10.244.0.0/26")));
        KernelRouteMetrics m =
                new KernelRouteMetrics(sink -> List.copyOf(kernel).forEach(sink), () -> TUNNEL, () -> 2);
        String t = Scrape.text(m);
        assertEquals(1, Scrape.value(t, "podroute_kernel_routes{kind=\"direct\"}"));
        assertEquals(1, Scrape.value(t, "podroute_kernel_routes{kind=\"blackhole\"}"));
        assertEquals(0, Scrape.value(t, "podroute_kernel_routes{kind=\"ipip\"}"));
        assertEquals(0, Scrape.value(t, "podroute_kernel_routes{kind=\"ecmp\"}"));
        assertEquals(2, Scrape.value(t, "podroute_kernel_route_drift"));

        kernel.add(tunnelled("10.244.2.0/26"));
        kernel.add(ecmp("10.244.3.0/26"));
        kernel.remove(0);
        t = Scrape.text(m);
        assertEquals(0, Scrape.value(t, "podroute_kernel_routes{kind=\"direct\"}"));
        assertEquals(1, Scrape.value(t, "podroute_kernel_routes{kind=\"ipip\"}"));
        assertEquals(1, Scrape.value(t, "podroute_kernel_routes{kind=\"ecmp\"}"));
    }

    @Test
    void aFailedDumpLeavesTheRouteCountOutButTheScrapeWorks() {
        KernelRouteMetrics m = new KernelRouteMetrics(
                sink -> {
                    throw new NetlinkException(Errno.ENOBUFS, "dump routes");
                },
                () -> 0,
                () -> 0);
        String t = Scrape.text(m);
        assertFalse(t.contains("podroute_kernel_routes{"), t);
        assertEquals(0, Scrape.value(t, "podroute_kernel_route_drift"));
    }

    @Test
    void aDumpFailingHalfwayReportsNoPartialCounts() {
        KernelRouteMetrics m = new KernelRouteMetrics(
                sink -> {
                    sink.accept(direct("10.244.1.0/26"));
                    throw new NetlinkException(Errno.EAGAIN, "dump routes", "dump interrupted");
                },
                () -> TUNNEL,
                () -> 0);
        String t = Scrape.text(m);
        assertFalse(t.contains("podroute_kernel_routes{"), t);
    }
}
