package io.podroute.bgp.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The raw Linux socket options the session needs beyond Netty's named ones: the TTL (hop limit) of our
 * packets and the minimum TTL accepted (GTSM, RFC 5082), for IPv4 and IPv6. Set through Netty's
 * generic integer option, which calls setsockopt(level, name) on the epoll socket.
 */
public final class SocketOptions {
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_IPV6 = 41;

    /** setsockopt(IPPROTO_IP, IP_TTL): the TTL of outgoing IPv4 packets. */
    public static final ChannelOption<Integer> IP_TTL = new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, 2);
    /** setsockopt(IPPROTO_IP, IP_MINTTL): drop received IPv4 packets with a lower TTL (Linux 2.6.34). */
    public static final ChannelOption<Integer> IP_MINTTL = new IntegerUnixChannelOption("IP_MINTTL", IPPROTO_IP, 21);
    /** setsockopt(IPPROTO_IPV6, IPV6_UNICAST_HOPS): the hop limit of outgoing IPv6 packets. */
    public static final ChannelOption<Integer> IPV6_UNICAST_HOPS =
            new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, 16);
    /** setsockopt(IPPROTO_IPV6, IPV6_MINHOPCOUNT): drop received IPv6 packets with a lower hop limit. */
    public static final ChannelOption<Integer> IPV6_MINHOPCOUNT =
            new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", IPPROTO_IPV6, 73);

    private SocketOptions() {}

    /** The TTL option for a socket talking to {@code remote}. */
    public static ChannelOption<Integer> ttl(InetAddress remote) {
        return remote instanceof Inet4Address ? IP_TTL : IPV6_UNICAST_HOPS;
    }

    /** The minimum-TTL option for a socket talking to {@code remote}. */
    public static ChannelOption<Integer> minTtl(InetAddress remote) {
        return remote instanceof Inet4Address ? IP_MINTTL : IPV6_MINHOPCOUNT;
    }

    /** Applies TTL and, when {@code minTtl > 0}, GTSM to a connected or accepted channel. */
    static void applyTtl(Channel ch, InetAddress remote, int ttl, int minTtl) {
        if (!ch.config().setOption(ttl(remote), ttl)) {
            throw new IllegalStateException(
                    "TTL option not supported by " + ch.getClass().getSimpleName());
        }
        if (minTtl > 0 && !ch.config().setOption(minTtl(remote), minTtl)) {
            throw new IllegalStateException(
                    "minimum TTL option not supported by " + ch.getClass().getSimpleName());
        }
    }
}
