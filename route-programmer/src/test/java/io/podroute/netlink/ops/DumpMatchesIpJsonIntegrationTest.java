package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Addresses;
import io.podroute.routes.Link;
import io.podroute.routes.NextHop;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import io.podroute.routes.RouteType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A kernel dump parsed by podroute says the same as `ip -json route show` for the same netns. */
@NetnsTest
class DumpMatchesIpJsonIntegrationTest {
    private static final Map<Integer, String> PROTOCOL_NAMES = Map.of(2, "kernel", 3, "boot", 4, "static", 12, "bird");

    @Test
    void ipv4AndIpv6DumpsMatchIproute2(TestNetns ns) throws Exception {
        int a0 = ns.veth("a0", "b0");
        ns.ip("addr", "add", "10.0.0.1/24", "dev", "a0");
        ns.ip("-6", "addr", "add", "fd00::1/64", "dev", "a0", "nodad");
        ns.ip("route", "add", "10.9.0.0/24", "via", "10.0.0.9", "proto", "bird", "metric", "20");
        ns.ip("route", "add", "10.9.9.9", "dev", "a0", "proto", "static");
        ns.ip("route", "add", "default", "via", "10.0.0.254");
        NetlinkHandle h = ns.handle();
        RouteOps ops = new RouteOps(h);
        new NexthopOps(h).add(NexthopObject.via(5, 77, Addresses.inet("10.0.0.5"), a0, false));
        ops.add(Route.builder("10.1.0.0/24")
                .protocol(77)
                .gateway("10.0.0.2")
                .mtu(1400)
                .build());
        ops.add(Route.builder("10.2.0.0/24")
                .protocol(77)
                .type(RouteType.BLACKHOLE)
                .build());
        ops.add(Route.builder("10.3.0.0/24")
                .protocol(77)
                .type(RouteType.UNREACHABLE)
                .priority(7)
                .build());
        ops.add(Route.builder("10.4.0.0/24").protocol(77).nexthopId(5).build());
        ops.add(Route.builder("10.5.0.0/24")
                .protocol(77)
                .multipath(List.of(
                        new NextHop(Addresses.inet("10.0.0.2"), a0, 1, false),
                        new NextHop(Addresses.inet("10.0.0.3"), a0, 2, false)))
                .build());
        ops.add(Route.builder("10.6.0.0/24")
                .protocol(77)
                .gateway("172.16.0.1")
                .ifIndex(a0)
                .onlink(true)
                .build());
        ops.add(Route.builder("fd01::/64").protocol(77).gateway("fd00::2").build());
        ops.add(Route.builder("fd02::/64")
                .protocol(77)
                .type(RouteType.BLACKHOLE)
                .build());

        Map<Integer, String> names = new HashMap<>();
        for (Link l : new LinkOps(h).list()) {
            names.put(l.index(), l.name());
        }
        for (int family : List.of(Rtnl.AF_INET, Rtnl.AF_INET6)) {
            TreeSet<String> ours = new TreeSet<>();
            for (Route r : ops.list(family, Rtnl.RT_TABLE_MAIN, RouteOps.ANY)) {
                ours.add(project(r, names));
            }
            String flag = family == Rtnl.AF_INET ? "-4" : "-6";
            TreeSet<String> theirs = new TreeSet<>();
            for (JsonNode n : new ObjectMapper().readTree(ns.ip(flag, "-json", "route", "show", "table", "main"))) {
                theirs.add(project(n, family == Rtnl.AF_INET));
            }
            assertEquals(String.join("\n", theirs), String.join("\n", ours), flag);
        }
    }

    private static String dst(Route r) {
        int full = r.dst().isIpv4() ? 32 : 128;
        if (r.dst().length() == 0) {
            return "default";
        }
        String s = r.dst().toString();
        return r.dst().length() == full ? s.substring(0, s.indexOf('/')) : s;
    }

    private static String project(Route r, Map<Integer, String> names) {
        List<String> hops = new ArrayList<>();
        for (NextHop nh : r.multipath()) {
            hops.add(Addresses.format(nh.gateway()) + "@" + names.get(nh.ifIndex()) + "*" + nh.weight());
        }
        boolean v4 = r.dst().isIpv4();
        return String.join(
                " ",
                dst(r),
                "type=" + r.type().name().toLowerCase(Locale.ROOT),
                "gw=" + (r.gateway() == null ? "" : Addresses.format(r.gateway())),
                "dev=" + (r.ifIndex() == 0 ? "" : names.get(r.ifIndex())),
                "proto=" + PROTOCOL_NAMES.getOrDefault(r.protocol(), Integer.toString(r.protocol())),
                "metric=" + (v4 && r.priority() == 0 ? "" : Integer.toString(r.priority())),
                "nhid=" + (r.nexthopId() == 0 ? "" : Integer.toString(r.nexthopId())),
                "mtu=" + (r.mtu() == 0 ? "" : Integer.toString(r.mtu())),
                "onlink=" + r.onlink(),
                "hops=" + hops);
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) ? n.get(field).asText() : "";
    }

    private static String project(JsonNode n, boolean v4) {
        boolean nhid = n.has("nhid");
        List<String> hops = new ArrayList<>();
        for (JsonNode h : n.path("nexthops")) {
            hops.add(text(h, "gateway") + "@" + text(h, "dev") + "*"
                    + (h.has("weight") ? h.get("weight").asInt() : 1));
        }
        boolean onlink = false;
        for (JsonNode f : n.path("flags")) {
            onlink |= f.asText().equals("onlink");
        }
        String mtu = "";
        for (JsonNode m : n.path("metrics")) {
            if (m.has("mtu")) {
                mtu = m.get("mtu").asText();
            }
        }
        return String.join(
                " ",
                text(n, "dst"),
                "type=" + (n.has("type") ? text(n, "type") : "unicast"),
                "gw=" + (nhid ? "" : text(n, "gateway")),
                "dev=" + (nhid ? "" : text(n, "dev")),
                "proto=" + (n.has("protocol") ? text(n, "protocol") : "boot"), // iproute2 omits "boot"
                "metric=" + (v4 && !n.has("metric") ? "" : text(n, "metric")),
                "nhid=" + text(n, "nhid"),
                "mtu=" + mtu,
                "onlink=" + onlink,
                "hops=" + hops);
    }
}
