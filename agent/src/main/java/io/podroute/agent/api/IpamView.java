package io.podroute.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code podroute ipam show}.
 *
 * @param datastore the store ("file /var/lib/podroute/ipam.json", "etcd http://...")
 * @param pools each pool with its size and usage
 * @param blocks every allocated block
 */
public record IpamView(String datastore, List<PoolUsage> pools, List<BlockView> blocks) {
    public IpamView {
        pools = List.copyOf(pools);
        blocks = List.copyOf(blocks);
    }

    /**
     * A pool, its block size, how many blocks it has and how many are held.
     *
     * @param cidr the pool, e.g. {@code 10.244.0.0/16}
     * @param blockSize the prefix length of each block (26)
     * @param blocks how many blocks of that size the pool holds
     * @param allocated how many of them are held by a node
     */
    public record PoolUsage(String cidr, int blockSize, int blocks, int allocated) {}

    /**
     * An allocated block and who holds it.
     *
     * @param block the block
     * @param node the node holding it
     * @param nodeIp that node's registered address, or null if it has no registry entry
     * @param lastSeen that node's last heartbeat, or null
     */
    public record BlockView(String block, String node, String nodeIp, Instant lastSeen) {}
}
