package io.podroute.netlink.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Receiving into a buffer too small for a datagram is an error, never silently cut messages. */
class NetlinkSocketReceiveTest {
    @Test
    void aDatagramLargerThanTheBufferIsEmsgsizeAndTheNextOneStillArrives() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(Nl.NETLINK_ROUTE, 0)) {
            s.setReceiveTimeoutMillis(5_000);
            NetlinkWriter w = NetlinkWriter.allocate(64);
            w.beginMessage(Rtnl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_DUMP, 1)
                    .zeros(Rtnl.IFINFOMSG_LEN)
                    .endMessage();
            s.send(w.buffer());
            // the first datagram holds at least the loopback link (hundreds of bytes)
            ByteBuffer small = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
            NetlinkException e = assertThrows(NetlinkException.class, () -> s.receive(small));
            assertEquals(Errno.EMSGSIZE.number(), e.errno().number());
            assertTrue(e.getMessage().contains("32-byte buffer"), e.getMessage());
            // the oversized datagram was consumed; the dump goes on to its NLMSG_DONE
            ByteBuffer big = ByteBuffer.allocateDirect(64 << 10).order(ByteOrder.nativeOrder());
            int type = 0;
            for (int i = 0; i < 1000 && type != Nl.NLMSG_DONE; i++) {
                int n = s.receive(big);
                assertTrue(n > 0, "no reply");
                for (int at = 0; at < n; at += MessageHeader.checkedAlignedLength(big, at, n)) {
                    type = MessageHeader.type(big, at);
                }
            }
            assertEquals(Nl.NLMSG_DONE, type);
        }
    }
}
