package io.podroute.netlink.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.LinkOps;
import io.podroute.netlink.ops.NetlinkHandle;
import io.podroute.routes.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

@NetnsTest
class NetNsIntegrationTest {
    @Test
    void aSocketStaysInItsNamespaceAndTheCallerNeverMoves(TestNetns ns) throws Exception {
        Path self = Path.of("/proc/thread-self/ns/net");
        Path before = Files.readSymbolicLink(self);
        ns.veth("only-here", "peer-here");
        NetlinkHandle handle = ns.handle();
        assertEquals(before, Files.readSymbolicLink(self), "setns happened on another thread");

        List<Link> links = new LinkOps(handle).list();
        assertEquals(
                List.of("lo", "peer-here", "only-here"),
                links.stream().map(Link::name).toList());
        Path inside = NetNs.run(ns.name(), () -> Files.readSymbolicLink(self));
        assertTrue(!inside.equals(before), inside + " vs " + before);
        assertEquals(before, Files.readSymbolicLink(self));
    }

    @Test
    void aMissingNamespaceIsATypedError(TestNetns ns) {
        NetlinkException e = assertThrows(NetlinkException.class, () -> NetlinkHandle.open(ns.name() + "-missing"));
        assertTrue(e.isNotFound(), e.toString());
    }
}
