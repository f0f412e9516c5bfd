package io.podroute.bgp.speaker;

import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.NextHopAddress;
import io.podroute.bgp.rib.RibConfig;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.session.PeerConfig;
import io.podroute.bgp.testing.NetnsLab;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A daemon's namespace and ours joined by a veth pair: daemon at 10.255.N.1 / fd00:255:N::1, the
 * speaker at .2 / ::2. The lab (and so the speaker, the daemon and both namespaces) is closed by the
 * test's try-with-resources, also when creating it fails half-way.
 */
record DaemonLab(NetnsLab lab, String daemonNs, String ourNs, int n) {
    static final long DAEMON_AS = 4_200_000_001L;
    static final long OUR_AS = 4_200_000_002L;
    static final Duration WAIT = Duration.ofSeconds(20);

    static DaemonLab create(int n) {
        NetnsLab lab = new NetnsLab();
        try {
            String d = lab.namespace("d");
            String o = lab.namespace("o");
            lab.veth(
                    d,
                    "v0",
                    List.of("10.255." + n + ".1/30", "fd00:255:" + n + "::1/64"),
                    o,
                    "v1",
                    List.of("10.255." + n + ".2/30", "fd00:255:" + n + "::2/64"));
            return new DaemonLab(lab, d, o, n);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    String daemon4() {
        return "10.255." + n + ".1";
    }

    String ours4() {
        return "10.255." + n + ".2";
    }

    String daemon6() {
        return "fd00:255:" + n + "::1";
    }

    String ours6() {
        return "fd00:255:" + n + "::2";
    }

    PeerConfig.Builder session(String address, long remoteAs) {
        return PeerConfig.builder(SpeakerInteropIT.ip(address), remoteAs).connectRetry(Duration.ofSeconds(1));
    }

    static SpeakerPeer open(PeerConfig session) {
        return new SpeakerPeer(session, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, null, false);
    }

    /** A speaker in our namespace with the given local AS, listening on our addresses if {@code listen}. */
    BgpSpeaker speaker(long localAs, boolean listen, List<SpeakerPeer> peers) {
        InetAddress v4 = SpeakerInteropIT.ip(ours4());
        InetAddress v6 = SpeakerInteropIT.ip(ours6());
        SpeakerConfig cfg = new SpeakerConfig(
                RibConfig.of(localAs, 0x0AFF0002 + (n << 8)).withOwnAddresses(Set.of(v4, v6)),
                listen ? List.of(new InetSocketAddress(v4, 179)) : List.of(),
                v4,
                v6,
                false);
        return lab.closeLater(BgpSpeaker.start(cfg, peers, lab.thread(ourNs)));
    }

    static LocalRoute local(Prefix p) {
        return new LocalRoute(p, PathAttributes.of(Origin.IGP, AsPath.EMPTY));
    }

    static Optional<Route> best(BgpSpeaker s, Prefix p) {
        return s.query(r -> r.best(p));
    }

    static boolean has(BgpSpeaker s, Prefix p) {
        return best(s, p).isPresent();
    }

    static NextHopAddress nextHop(BgpSpeaker s, Prefix p) {
        return best(s, p).orElseThrow().nextHop();
    }

    boolean await(java.util.function.BooleanSupplier c) {
        return NetnsLab.await(WAIT, c);
    }
}
