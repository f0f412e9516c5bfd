package io.podroute.bgp.rib;

import java.net.InetAddress;
import java.util.Set;

/**
 * What the RIB needs to know about this speaker.
 *
 * @param localAs our AS (unsigned 32-bit): a path with it in its AS_PATH is a loop and is not used
 * @param routerId our BGP identifier: a path with it as ORIGINATOR_ID is a loop (RFC 4456 §8)
 * @param clusterId our route-reflection cluster id (usually the router id): a path with it in its
 *     CLUSTER_LIST is a loop (RFC 4456 §8)
 * @param ownAddresses our addresses: a path whose next hop is one of them is not used
 * @param maxPaths the most next hops in a prefix's ECMP set, at least 1 (1 = no multipath)
 * @param defaultLocalPref the LOCAL_PREF of paths without one (and of all eBGP-learned paths unless
 *     the import policy sets one)
 */
public record RibConfig(
        long localAs, int routerId, int clusterId, Set<InetAddress> ownAddresses, int maxPaths, long defaultLocalPref) {
    /**
     * ECMP by default: in a pod network every node and ToR announces equal-cost paths, and using one of
     * them would put all traffic on one uplink. 8 is FRR's and the kernel's common default width.
     */
    public static final int DEFAULT_MAX_PATHS = 8;

    public static final long DEFAULT_LOCAL_PREF = 100;

    public RibConfig {
        if (localAs < 0 || localAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("local AS is unsigned 32-bit");
        }
        if (maxPaths < 1 || maxPaths > 256) {
            throw new IllegalArgumentException("maxPaths must be 1..256, was " + maxPaths);
        }
        if (defaultLocalPref < 0 || defaultLocalPref > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LOCAL_PREF is unsigned 32-bit");
        }
        ownAddresses = Set.copyOf(ownAddresses);
    }

    /** Cluster id = router id, no own addresses, {@value #DEFAULT_MAX_PATHS} paths, LOCAL_PREF 100. */
    public static RibConfig of(long localAs, int routerId) {
        return new RibConfig(localAs, routerId, routerId, Set.of(), DEFAULT_MAX_PATHS, DEFAULT_LOCAL_PREF);
    }

    public RibConfig withOwnAddresses(Set<InetAddress> addresses) {
        return new RibConfig(localAs, routerId, clusterId, addresses, maxPaths, defaultLocalPref);
    }

    public RibConfig withMaxPaths(int max) {
        return new RibConfig(localAs, routerId, clusterId, ownAddresses, max, defaultLocalPref);
    }

    public RibConfig withClusterId(int id) {
        return new RibConfig(localAs, routerId, id, ownAddresses, maxPaths, defaultLocalPref);
    }
}
