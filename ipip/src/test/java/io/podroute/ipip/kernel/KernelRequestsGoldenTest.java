package io.podroute.ipip.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.netlink.ops.RouteCodec;
import io.podroute.netlink.wire.Golden;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import io.podroute.routes.Protocols;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kernel data plane's netlink requests, byte for byte: against bytes assembled by hand from
 * the kernel's layouts (linux/rtnetlink.h, linux/if_link.h, linux/if_tunnel.h) and against what
 * iproute2 6.1 sends for the same command (captured by tools/capture-golden.py; the kernel here
 * refuses the ipip ones with EOPNOTSUPP, but strace shows the request). The ipip link cannot be
 * created on this machine, so these tests are the proof of the kernel plane's requests.
 */
class KernelRequestsGoldenTest {
    private static final Map<String, byte[]> IPROUTE2 = load();

    /** {@code ip link add tunl0 type ipip mode ipip remote any ttl inherit pmtudisc}, by hand. */
    private static final String LINK_ADD_BY_HAND = String.join(
            "",
            "8c000000", // nlmsg_len 140
            "1000", // nlmsg_type RTM_NEWLINK (16)
            "0506", // flags REQUEST|ACK|EXCL|CREATE (0x0605)
            "00000000", // seq (zeroed)
            "00000000", // pid
            "00000000000000000000000000000000", // ifinfomsg: family 0, type 0, index 0, flags 0, change 0
            "0a000300" + "74756e6c30000000", // IFLA_IFNAME "tunl0\0" + pad
            "60001200", // IFLA_LINKINFO, 96 bytes
            "08000100" + "69706970", // IFLA_INFO_KIND "ipip" (no NUL: iproute2 sends strlen)
            "54000200", // IFLA_INFO_DATA, 84 bytes
            "05000900" + "04000000", // IFLA_IPTUN_PROTO u8 4 (IPPROTO_IPIP) + pad
            "05000a00" + "01000000", // IFLA_IPTUN_PMTUDISC u8 1
            "05000500" + "00000000", // IFLA_IPTUN_TOS u8 0
            "05000400" + "00000000", // IFLA_IPTUN_TTL u8 0 (inherit)
            "08000100" + "00000000", // IFLA_IPTUN_LINK u32 0
            "08001400" + "00000000", // IFLA_IPTUN_FWMARK u32 0
            "06000f00" + "00000000", // IFLA_IPTUN_ENCAP_TYPE u16 0 (none)
            "06001000" + "00000000", // IFLA_IPTUN_ENCAP_FLAGS u16 0
            "06001100" + "00000000", // IFLA_IPTUN_ENCAP_SPORT be16 0
            "06001200" + "00000000"); // IFLA_IPTUN_ENCAP_DPORT be16 0

    @Test
    void linkAddMatchesTheHandBuiltLayoutAndIproute2() {
        NetlinkWriter w = NetlinkWriter.allocate(4096);
        IpipLinkCodec.writeAdd(w, "tunl0", null, 0);
        String ours = HexFormat.of().formatHex(Golden.written(w));
        assertEquals(LINK_ADD_BY_HAND, ours);
        assertEquals(hex("link_add_ipip"), ours);
    }

    @Test
    void linkAddWithALocalAddressMatchesIproute2() {
        NetlinkWriter w = NetlinkWriter.allocate(4096);
        Inet4Address local = (Inet4Address) Addresses.inet("192.168.1.10");
        IpipLinkCodec.writeAdd(w, "tunl0", local, 0);
        String ours = HexFormat.of().formatHex(Golden.written(w));
        assertEquals(hex("link_add_ipip_local"), ours);
        // IFLA_IPTUN_LOCAL (2), 4 bytes, network order, right after PROTO.
        assertEquals("050009000400000008000200c0a8010a", ours.substring(2 * 60, 2 * 60 + 32));
    }

    @Test
    void routeToATunnelledBlockMatchesIproute2() {
        // ip route replace 10.244.2.0/24 via 192.168.2.10 dev a0 onlink proto 77 mtu 1480 (a0 = ifindex 3)
        NetlinkWriter w = NetlinkWriter.allocate(4096);
        var route = KernelTunnel.routeTo(
                Prefix.parse("10.244.2.0/24"),
                (Inet4Address) Addresses.inet("192.168.2.10"),
                3,
                1480,
                Protocols.PODROUTE);
        RouteCodec.writeNew(w, route, Nl.F_CREATE | Nl.F_REPLACE, 0);
        assertEquals(hex("route_replace_onlink_mtu"), HexFormat.of().formatHex(Golden.written(w)));
    }

    @Test
    void crossSubnetLookupIsIproute2sRouteGetFibmatchBarTheLookupTableFlag() {
        NetlinkWriter w = NetlinkWriter.allocate(4096);
        RouteCodec.writeLookup(w, Prefix.parse("192.168.2.10/32"), 0);
        byte[] ours = Golden.written(w);
        byte[] theirs = IPROUTE2.get("route_get_fibmatch_node").clone();
        // rtm_flags at 16 + 8: iproute2 sends RTM_F_FIB_MATCH | RTM_F_LOOKUP_TABLE (0x3000);
        // route-programmer's lookup sends RTM_F_FIB_MATCH (0x2000) only. LOOKUP_TABLE merely makes
        // the kernel report the table the lookup used; the matched route is the same.
        assertEquals(0x30, theirs[24 + 1] & 0xff);
        theirs[24 + 1] = 0x20;
        assertEquals(HexFormat.of().formatHex(theirs), HexFormat.of().formatHex(ours));
    }

    private static String hex(String name) {
        return HexFormat.of().formatHex(IPROUTE2.get(name));
    }

    private static Map<String, byte[]> load() {
        try (InputStream in = KernelRequestsGoldenTest.class.getResourceAsStream("/golden/ipip-requests.txt")) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", -1);
                out.put(f[0].trim(), HexFormat.of().parseHex(f[2].trim()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
