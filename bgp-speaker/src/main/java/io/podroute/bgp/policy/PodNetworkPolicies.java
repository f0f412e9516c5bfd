package io.podroute.bgp.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Safe import and export policies for a pod network.
 *
 * <p><b>Import</b> accepts only pod routes: for each pool, prefixes inside it whose length is exactly
 * the pool's block size (the blocks other nodes announce), plus host routes (/32, /128) inside it when
 * {@code allowHostRoutes} is set (pods moved off their node's block, as with Calico's ptp layout).
 * Everything else is rejected: other lengths, prefixes outside the pools, and the default route
 * (0.0.0.0/0, ::/0), which is denied by an explicit first entry unless {@code allowDefaultRoute} is set,
 * in which case it is accepted by that entry instead.
 *
 * <p><b>Export</b> announces exactly the node's own blocks and nothing else.
 */
public final class PodNetworkPolicies {
    /** Name of the generated import policy. */
    public static final String IMPORT_NAME = "pod-network-import";
    /** Name of the generated export policy. */
    public static final String EXPORT_NAME = "pod-network-export";

    private PodNetworkPolicies() {}

    /**
     * One IP pool and the size of the blocks nodes claim from it.
     *
     * @param cidr the pool, e.g. {@code "10.244.0.0/16"}
     * @param blockSize the prefix length of a node's block, e.g. 26; at least the pool's length
     */
    public record Pool(String cidr, int blockSize) {}

    /** The import policy's spec (see the class note). */
    public static PolicySpec importSpec(List<Pool> pools, boolean allowHostRoutes, boolean allowDefaultRoute) {
        if (pools.isEmpty()) {
            throw new PolicyConfigException("pools", "at least one pool is needed");
        }
        List<PrefixListEntry> entries = new ArrayList<>();
        PrefixAction defaults = allowDefaultRoute ? PrefixAction.PERMIT : PrefixAction.DENY;
        entries.add(new PrefixListEntry("0.0.0.0/0", null, null, defaults));
        entries.add(new PrefixListEntry("::/0", null, null, defaults));
        for (int i = 0; i < pools.size(); i++) {
            String at = "pools[" + i + "]";
            Pool pool = pools.get(i);
            var p = PrefixMatcher.parsePrefix(pool.cidr(), at + ".cidr");
            int bits = p.ipv6() ? 128 : 32;
            if (p.length() == 0) {
                throw new PolicyConfigException(at + ".cidr", "a pool cannot be the whole address space");
            }
            if (pool.blockSize() < p.length() || pool.blockSize() > bits) {
                throw new PolicyConfigException(
                        at + ".blockSize", pool.blockSize() + " is outside " + p.length() + ".." + bits);
            }
            entries.add(exactly(p.toString(), p.length(), pool.blockSize()));
            if (allowHostRoutes && pool.blockSize() < bits) {
                entries.add(exactly(p.toString(), p.length(), bits));
            }
        }
        PolicyTerm term = PolicyTerm.accept("pod-routes", MatchSpec.prefixList(PrefixListRef.inline(entries)), null);
        return new PolicySpec(List.of(term), Verdict.REJECT);
    }

    /** The import policy, compiled under {@link #IMPORT_NAME}. */
    public static CompiledPolicy importPolicy(List<Pool> pools, boolean allowHostRoutes, boolean allowDefaultRoute) {
        return CompiledPolicy.compile(IMPORT_NAME, importSpec(pools, allowHostRoutes, allowDefaultRoute));
    }

    /** The export policy's spec: exactly {@code ownBlocks}, e.g. {@code ["10.244.3.64/26"]}. */
    public static PolicySpec exportSpec(List<String> ownBlocks) {
        if (ownBlocks.isEmpty()) {
            throw new PolicyConfigException("blocks", "at least one block is needed");
        }
        List<PrefixListEntry> entries = new ArrayList<>();
        for (String block : ownBlocks) {
            entries.add(PrefixListEntry.permit(block, null, null));
        }
        PolicyTerm term = PolicyTerm.accept("own-blocks", MatchSpec.prefixList(PrefixListRef.inline(entries)), null);
        return new PolicySpec(List.of(term), Verdict.REJECT);
    }

    /** The export policy, compiled under {@link #EXPORT_NAME}. */
    public static CompiledPolicy exportPolicy(List<String> ownBlocks) {
        return CompiledPolicy.compile(EXPORT_NAME, exportSpec(ownBlocks));
    }

    /** An entry inside {@code prefix} admitting exactly {@code length}. */
    private static PrefixListEntry exactly(String prefix, int prefixLength, int length) {
        return length == prefixLength
                ? PrefixListEntry.permit(prefix, null, null)
                : PrefixListEntry.permit(prefix, length, length);
    }
}
