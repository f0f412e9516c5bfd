package io.podroute.bgp.speaker;

import io.podroute.bgp.rib.RibConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The speaker as a whole.
 *
 * @param rib local AS, router id, own addresses (routes with them as next hop are not used), ECMP width
 * @param listen addresses to accept BGP connections on (empty: active peers only)
 * @param localIpv4 our IPv4 address as next hop towards eBGP and next-hop-self peers, or null
 * @param localIpv6 our IPv6 address as next hop towards eBGP and next-hop-self peers, or null
 * @param restarting whether this speaker is restarting gracefully (RFC 4724 Restart State bit)
 */
public record SpeakerConfig(
        RibConfig rib,
        List<InetSocketAddress> listen,
        InetAddress localIpv4,
        InetAddress localIpv6,
        boolean restarting) {
    public SpeakerConfig {
        Objects.requireNonNull(rib, "rib");
        listen = List.copyOf(listen);
        if (localIpv4 != null && !(localIpv4 instanceof Inet4Address)) {
            throw new IllegalArgumentException("localIpv4: not an IPv4 address: " + localIpv4);
        }
        if (localIpv6 != null && !(localIpv6 instanceof Inet6Address)) {
            throw new IllegalArgumentException("localIpv6: not an IPv6 address: " + localIpv6);
        }
    }
}
