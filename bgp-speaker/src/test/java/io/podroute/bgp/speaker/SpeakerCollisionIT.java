package io.podroute.bgp.speaker;

import static io.podroute.bgp.speaker.DaemonLab.has;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.speaker.MatrixDaemon.Knobs;
import io.podroute.bgp.speaker.MatrixDaemon.Ttl;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the interop matrix): BgpPeer.collisionLost used to treat two connections of the
 * same direction as an RFC 4271 §6.8 collision and, when our BGP identifier was the higher one, kept
 * the older inbound connection that never got an OPEN. A passive peer that reconnected while its old
 * connection still sat in OpenSent (its FIN lost, or dropped by GTSM as here) was refused with Cease
 * 6/7 on every attempt until the old connection's 240 s OpenSent hold timer expired. Now the newer
 * connection of the same direction wins.
 */
@RequiresRoot(binaries = {"/usr/sbin/exabgp", "ip"})
class SpeakerCollisionIT {
    private static final Prefix A = Prefix.parse("10.244.2.0/26");

    @Test
    void reconnectingPassivePeerReplacesItsDeadOpenSentConnection() {
        DaemonLab l = DaemonLab.create(48);
        try (NetnsLab lab = l.lab()) {
            MatrixDaemon d = MatrixDaemon.EXABGP;
            Knobs low = Knobs.ebgp(A).sending(Ttl.ONE);
            Process daemon = d.start(l, low);
            PeerConfig peer = l.session(l.daemon4(), DaemonLab.DAEMON_AS)
                    .passive(true)
                    .ttlSecurityHops(1)
                    .build();
            InetAddress v4 = SpeakerInteropIT.ip(l.ours4());
            // Our identifier 10.255.48.2 is higher than ExaBGP's 10.255.48.1.
            SpeakerConfig cfg = new SpeakerConfig(
                    RibConfig.of(DaemonLab.OUR_AS, 0x0AFF3002).withOwnAddresses(Set.of(v4)),
                    List.of(new InetSocketAddress(v4, 179)),
                    v4,
                    null,
                    false);
            BgpSpeaker s = lab.closeLater(BgpSpeaker.start(cfg, List.of(DaemonLab.open(peer)), lab.thread(l.ourNs())));
            // ExaBGP's OPEN arrives with TTL 1 and is dropped: the inbound connection stays in OpenSent.
            assertTrue(
                    l.await(() -> s.peers().get(0).stats().messagesOut() > 0),
                    s.peers().toString());
            MatrixDaemon.crash(daemon); // its FIN has TTL 1 too: we never see it
            d.start(l, Knobs.ebgp(A).sending(Ttl.SECURITY_255));
            assertTrue(
                    l.await(() -> has(s, A)),
                    "the new connection must replace the dead one well before 240 s: " + s.peers());
        }
    }
}
