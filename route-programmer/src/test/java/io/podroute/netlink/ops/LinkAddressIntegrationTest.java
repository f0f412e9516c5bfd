package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.InterfaceAddress;
import io.podroute.routes.Link;
import org.junit.jupiter.api.Test;

@NetnsTest
class LinkAddressIntegrationTest {
    @Test
    void vethLifecycleOverNetlink(TestNetns ns) throws Exception {
        LinkOps links = new LinkOps(ns.handle());
        links.addVeth("pr0", "pr1");
        Link pr0 = links.get("pr0");
        assertEquals("veth", pr0.kind());
        assertFalse(pr0.isUp());
        links.setUp(pr0.index(), true);
        links.setUp(links.get("pr1").index(), true);
        links.setMtu(links.get("pr0"), 1400);
        Link up = links.get("pr0");
        assertTrue(up.isUp());
        assertEquals(1400, up.mtu());
        assertTrue(ns.ip("link", "show", "pr0").contains("mtu 1400"));

        NetlinkException exists = assertThrows(NetlinkException.class, () -> links.addVeth("pr0", "pr2"));
        assertTrue(exists.isExists(), exists.toString());

        links.delete(pr0.index());
        NetlinkException gone = assertThrows(NetlinkException.class, () -> links.get("pr0"));
        assertTrue(gone.isNoDevice(), gone.toString());
    }

    @Test
    void addressesIpv4AndIpv6(TestNetns ns) throws Exception {
        int a0 = ns.veth("a0", "b0");
        AddressOps addrs = new AddressOps(ns.handle());
        InterfaceAddress v4 = InterfaceAddress.parse(a0, "10.0.0.1/24");
        InterfaceAddress v6 = InterfaceAddress.parse(a0, "fd00::1/64");
        addrs.add(v4);
        addrs.add(v6);
        assertTrue(addrs.list(Rtnl.AF_INET).contains(v4));
        assertTrue(addrs.list(Rtnl.AF_INET6).contains(v6));
        assertTrue(ns.ip("addr", "show", "dev", "a0").contains("inet 10.0.0.1/24"));
        NetlinkException dup = assertThrows(NetlinkException.class, () -> addrs.add(v4));
        assertTrue(dup.isExists(), dup.toString());
        addrs.delete(v4);
        assertFalse(addrs.list(Rtnl.AF_INET).contains(v4));
    }

    @Test
    void unknownLinkKindIsATypedError(TestNetns ns) throws Exception {
        LinkOps links = new LinkOps(ns.handle());
        NetlinkException e = assertThrows(NetlinkException.class, () -> links.add("x0", "no-such-kind"));
        assertEquals("EOPNOTSUPP", e.errno().name(), e.toString());
        assertTrue(e.extAck().isPresent(), e.toString());
    }

    @Test
    void kindSpecificDataReachesTheKernel(TestNetns ns) throws Exception {
        LinkOps links = new LinkOps(ns.handle());
        int vxlanId = 1; // IFLA_VXLAN_ID
        int vxlanPort = 15; // IFLA_VXLAN_PORT, network byte order
        links.add("vx0", "vxlan", 1400, w -> {
            w.attrU32(vxlanId, 4242);
            w.attrBe16(vxlanPort, 4789);
        });
        Link vx = links.get("vx0");
        assertEquals("vxlan", vx.kind());
        assertEquals(1400, vx.mtu());
        String details = ns.ip("-d", "link", "show", "vx0");
        assertTrue(details.contains("vxlan id 4242") && details.contains("dstport 4789"), details);
    }
}
