package io.podroute.agent.cni;

import io.podroute.agent.config.AgentSetup;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing NAT for pods (Calico's {@code natOutgoing}): traffic whose source is in a pool with {@code
 * natOutgoing: true} and whose destination is outside every pool leaves the node masqueraded behind
 * the address of the interface it leaves by (the node IP). Traffic to any pool (pod to pod, on this
 * node or across nodes, direct or through the tunnel) keeps the pod's address.
 *
 * <p>podroute owns exactly one nftables table, {@code table ip podroute}, and never reads or touches
 * any other; other tables (kube-proxy's, the host firewall's) keep working alongside, each hook
 * evaluated by priority. The table is:
 *
 * <pre>
 * table ip podroute {
 *     set pools     { type ipv4_addr; flags interval; elements = { every pool } }
 *     set nat-pools { type ipv4_addr; flags interval; elements = { pools with natOutgoing } }
 *     chain postrouting {
 *         type nat hook postrouting priority srcnat; policy accept;
 *         ip saddr @nat-pools ip daddr != @pools counter masquerade
 *     }
 * }
 * </pre>
 *
 * <p><b>Why a process.</b> {@code nft -f -} applies a whole script as one netlink batch, one
 * transaction: the table is deleted and rewritten atomically, so no packet ever sees it half-written
 * and a syntax error changes nothing. Writing nf_tables netlink messages (expressions, set elements,
 * the batch begin/end framing) ourselves would buy nothing but a second, unproven encoder of a format
 * nft already owns; kube-router and Calico take the same route with {@code iptables-restore}. The
 * child process inherits this process's network namespace, which is the node's.
 *
 * <p><b>Invariants.</b> {@link #apply} takes the full desired state and compares it with what the
 * kernel holds ({@code nft -j list table ip podroute}), never with memory: calling it again is a
 * no-op when the table is intact, and repairs it when anyone changed or deleted it, so the agent's
 * periodic resync doubles as the verification. Methods are synchronized: one nft transaction at a
 * time from this object (nft transactions are atomic anyway; this only keeps read-compare-write
 * sequences from interleaving).
 */
public final class NatOutgoing {
    private static final Logger LOG = LoggerFactory.getLogger(NatOutgoing.class);

    private final Nft nft;

    public NatOutgoing(Nft nft) {
        this.nft = Objects.requireNonNull(nft, "nft");
    }

    /**
     * Makes the table match {@code pools}: writes it when the kernel's differs, removes it when no pool
     * has {@code natOutgoing}.
     *
     * @return whether the kernel was changed
     * @throws NftException naming the nft command and its stderr; the kernel keeps its previous table
     */
    public synchronized boolean apply(List<AgentSetup.Pool> pools) throws NftException {
        NatRuleset desired = NatRuleset.of(pools);
        if (!desired.natsAnything()) {
            return remove();
        }
        Optional<NatRuleset> current = current();
        if (current.isPresent() && current.get().equals(desired)) {
            return false;
        }
        nft.run(desired.script(), "-f", "-");
        LOG.info(
                "nat outgoing: wrote table ip {}: masquerade {} to destinations outside {} ({})",
                NatRuleset.TABLE,
                desired.natPools(),
                desired.pools(),
                current.isPresent() ? "replaced a different table" : "table was absent or not as written");
        return true;
    }

    /**
     * Deletes podroute's table (natOutgoing off everywhere, or the agent uninstalling).
     *
     * @return whether a table was there
     */
    public synchronized boolean remove() throws NftException {
        if (!exists()) {
            return false;
        }
        nft.run(NatRuleset.removeScript(), "-f", "-");
        LOG.info("nat outgoing: deleted table ip {}", NatRuleset.TABLE);
        return true;
    }

    /**
     * What the kernel holds: the ruleset when the table is exactly as podroute writes it; empty when
     * it is absent or holds anything else.
     */
    public synchronized Optional<NatRuleset> current() throws NftException {
        if (!exists()) {
            return Optional.empty();
        }
        return NatRuleset.parse(nft.run("", "-j", "list", "table", "ip", NatRuleset.TABLE));
    }

    /**
     * Whether table {@code ip podroute} exists. Asked with {@code list tables ip}, which succeeds either
     * way, rather than by reading the error text of {@code list table} on a missing table.
     */
    private boolean exists() throws NftException {
        return NatRuleset.listsTable(nft.run("", "-j", "list", "tables", "ip"));
    }

    @Override
    public String toString() {
        return "NatOutgoing[" + nft + "]";
    }
}
