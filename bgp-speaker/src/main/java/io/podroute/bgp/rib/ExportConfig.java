package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.nlri.Family;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link AdjRibOut} needs to know about one established session.
 *
 * @param peer the peer we advertise to
 * @param codec what the session negotiated in our sending direction (message size, add-path, ASN width)
 * @param localIpv4 our IPv4 address on the session (next hop for IPv4 routes), or null
 * @param localIpv6 our global IPv6 address (next hop for IPv6 routes), or null
 * @param nextHopSelf towards an iBGP peer, replace the next hop of routes learned from eBGP peers by
 *     our own address (towards eBGP peers it is always ours; reflected routes keep theirs)
 * @param exportPolicy applied to each best path before the protocol's own changes (AS prepend, next
 *     hop); null result = not advertised
 * @param families the families negotiated with the peer (IPv4 and/or IPv6 unicast)
 */
public record ExportConfig(
        PeerInfo peer,
        CodecContext codec,
        InetAddress localIpv4,
        InetAddress localIpv6,
        boolean nextHopSelf,
        RoutePolicy exportPolicy,
        Set<Family> families) {
    public ExportConfig {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        if (localIpv4 != null && !(localIpv4 instanceof Inet4Address)) {
            throw new IllegalArgumentException("localIpv4 must be an IPv4 address: " + localIpv4);
        }
        if (localIpv6 != null && !(localIpv6 instanceof Inet6Address)) {
            throw new IllegalArgumentException("localIpv6 must be an IPv6 address: " + localIpv6);
        }
        families = Set.copyOf(families);
    }
}
