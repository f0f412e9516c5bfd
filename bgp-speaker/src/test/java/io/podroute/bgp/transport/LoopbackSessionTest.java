package io.podroute.bgp.transport;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.channel.Channel;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.session.BgpPeer;
import io.podroute.bgp.session.LocalSpeaker;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.testing.NetnsLab;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two podroute sessions over real epoll sockets on 127.0.0.1 (no root, no namespaces). */
class LoopbackSessionTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void twoSpeakersEstablishOverEpollAndShutDownWithCommunication() throws Exception {
        try (BgpTransport a = BgpTransport.create();
                BgpTransport b = BgpTransport.create()) {
            BgpInteropIT.Events eventsA = new BgpInteropIT.Events();
            BgpInteropIT.Events eventsB = new BgpInteropIT.Events();
            BgpPeer passive = new BgpPeer(
                    PeerConfig.builder(LOOPBACK, 65002).passive(true).build(),
                    new LocalSpeaker(65001, 0x01010101),
                    eventsA,
                    a,
                    a.eventLoop(),
                    Clock.systemUTC(),
                    new SplittableRandom(1));
            passive.start();
            Channel server = a.listen(new InetSocketAddress(LOOPBACK, 0), r -> r.equals(LOOPBACK) ? passive : null)
                    .get(5, TimeUnit.SECONDS);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            BgpPeer active = new BgpPeer(
                    PeerConfig.builder(LOOPBACK, 65001)
                            .remotePort(port)
                            .connectRetry(Duration.ofSeconds(1))
                            .build(),
                    new LocalSpeaker(65002, 0x02020202),
                    eventsB,
                    b,
                    b.eventLoop(),
                    Clock.systemUTC(),
                    new SplittableRandom(2));
            active.start();
            assertTrue(NetnsLab.await(
                    Duration.ofSeconds(10),
                    () -> passive.state() == SessionState.ESTABLISHED && active.state() == SessionState.ESTABLISHED));
            assertTrue(active.negotiated().extendedMessage());
            passive.adminShutdown("maintenance");
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(5), () -> active.stats().lastNotificationReceived() != null));
            assertEquals(
                    NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN,
                    active.stats().lastNotificationReceived().knownCode());
            assertEquals(
                    "maintenance", active.stats().lastNotificationReceived().shutdownCommunication());
            // Each side reports down on its own loop turn (the passive one after its half-close and
            // drain), so wait for both rather than assume the order.
            assertTrue(
                    NetnsLab.await(
                            Duration.ofSeconds(5), () -> eventsB.log.contains("down NOTIFICATION_RECEIVED gr=false")),
                    eventsB.log.toString());
            assertTrue(
                    NetnsLab.await(Duration.ofSeconds(5), () -> eventsA.log.contains("down ADMIN_SHUTDOWN gr=false")),
                    eventsA.log.toString());
            active.adminShutdown("done");
        }
    }

    @Test
    void unknownSourceIsClosedAtOnce() throws Exception {
        try (BgpTransport a = BgpTransport.create()) {
            Channel server =
                    a.listen(new InetSocketAddress(LOOPBACK, 0), r -> null).get(5, TimeUnit.SECONDS);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (Socket s = new Socket(LOOPBACK, port)) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                assertEquals(-1, in.read(), "closed without a byte");
            }
        }
    }

    @Test
    void ipv4MappedAddressesAreUnmapped() throws Exception {
        assertEquals(InetAddress.getByName("10.255.0.1"), BgpTransport.unmapped(InetAddress.getByAddress(new byte[] {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, -1, 0, 1
        })));
        assertEquals(InetAddress.getByName("fd00::1"), BgpTransport.unmapped(InetAddress.getByName("fd00::1")));
    }
}
