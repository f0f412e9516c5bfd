package io.podroute.routes;

import java.net.InetAddress;

/**
 * One path of an ECMP route (struct rtnexthop in RTA_MULTIPATH): a gateway and/or an output
 * interface, a weight (1..256) and the onlink flag.
 *
 * @param gateway the next-hop router, or null for a device-only path
 * @param ifIndex output interface index, 0 to let the kernel resolve it from the gateway
 */
public record NextHop(InetAddress gateway, int ifIndex, int weight, boolean onlink) {
    public NextHop {
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("weight " + weight + " outside 1..256");
        }
        if (gateway == null && ifIndex == 0) {
            throw new IllegalArgumentException("a next hop needs a gateway or an interface");
        }
    }

    public static NextHop via(InetAddress gateway, int ifIndex) {
        return new NextHop(gateway, ifIndex, 1, false);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("nexthop");
        if (gateway != null) {
            sb.append(" via ").append(Addresses.format(gateway));
        }
        if (ifIndex != 0) {
            sb.append(" dev#").append(ifIndex);
        }
        sb.append(" weight ").append(weight);
        if (onlink) {
            sb.append(" onlink");
        }
        return sb.toString();
    }
}
