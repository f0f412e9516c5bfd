package io.podroute.ipip.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.ipip.TwoNodeLab;
import io.podroute.ipip.mode.PeerPath.Kind;
import io.podroute.netlink.ffi.NetnsTest;
import io.podroute.netlink.ffi.TestNetns;
import io.podroute.routes.Addresses;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CrossSubnet against the real kernel's RTM_GETROUTE, re-evaluated after an underlay change. */
@NetnsTest
class ModeDeciderIT {
    @Test
    void crossSubnetAsksTheKernelAndFollowsUnderlayChanges(TestNetns router) throws Exception {
        try (TwoNodeLab lab = new TwoNodeLab(router)) {
            UnderlayRoutes kernel = new NetlinkUnderlayRoutes(lab.node1.handle());
            ModeDecider d = new ModeDecider(IpipMode.CROSS_SUBNET, kernel);
            var node2 = Addresses.inet("192.168.2.10");
            var routerIp = Addresses.inet("192.168.1.1");
            assertEquals(Kind.TUNNEL, d.decide(node2).kind(), "behind the router: via 192.168.1.1");
            assertEquals(Kind.DIRECT, d.decide(routerIp).kind(), "on the connected /24");
            lab.node1.ip("route", "del", "default");
            assertEquals(Kind.UNREACHABLE, d.decide(node2).kind(), "no route at all");

            PeerPaths paths = new PeerPaths(d);
            paths.setPeers(Set.of(node2));
            // The underlay changes: node2's address becomes reachable on the link (a host route,
            // the way a node registered as /32 on a shared segment would be).
            lab.node1.ip("route", "add", "192.168.2.10/32", "dev", "eth0");
            List<PeerPath> changed = paths.reevaluate();
            assertEquals(1, changed.size());
            assertEquals(Kind.DIRECT, paths.path(node2).kind());
        }
    }
}
