package io.podroute.agent.ipam;

import io.podroute.agent.config.AgentSetup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Operator-facing texts of {@link IpamException}s that need more than a line of code. */
final class IpamMessages {
    static final int MAX_HOLDERS_SHOWN = 5;

    private IpamMessages() {}

    /**
     * {@code no free /26 block in pool 10.244.0.0/24 (4 blocks, all held: node1, node2, node3, node4);
     * free the blocks of removed nodes with `podroute ipam release NODE`}, one clause per pool.
     */
    static String exhausted(List<AgentSetup.Pool> pools, List<Ipam.HeldBlock> held) {
        List<String> clauses = new ArrayList<>();
        for (AgentSetup.Pool pool : pools) {
            Set<String> holders = new LinkedHashSet<>();
            held.stream()
                    .filter(b -> BlockSpace.overlaps(pool.cidr(), b.block()))
                    .forEach(b -> holders.add(b.node()));
            clauses.add("no free /" + pool.blockSize() + " block in pool " + pool.cidr() + " ("
                    + BlockSpace.blockCount(pool) + " blocks, all held: " + names(holders) + ")");
        }
        return String.join("; ", clauses) + "; free the blocks of removed nodes with `podroute ipam release NODE`";
    }

    private static String names(Set<String> holders) {
        List<String> shown = holders.stream().limit(MAX_HOLDERS_SHOWN).toList();
        String text = String.join(", ", shown);
        int more = holders.size() - shown.size();
        return more > 0 ? text + " and " + more + " more" : text;
    }
}
