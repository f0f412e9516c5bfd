package io.podroute.agent.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.agent.config.AgentSetup;
import io.podroute.routes.Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The content of podroute's nftables table {@code ip podroute}: the pools, and those of them whose
 * pods are masqueraded when they talk to anything outside every pool. Pure: renders the {@code nft -f}
 * script and recognises the table in {@code nft -j list table} output; {@link NatOutgoing} does the I/O.
 *
 * <p>Both lists are canonical (sorted, no duplicates, no prefix nested in another of the same list),
 * because an nftables interval set rejects overlapping elements and lists nested ones merged; two
 * rulesets for the same pools are therefore equal.
 *
 * @param pools every pool, the destinations that are never NATed (pod to pod, across nodes)
 * @param natPools the pools with {@code natOutgoing}: the sources that are NATed
 */
public record NatRuleset(List<Prefix> pools, List<Prefix> natPools) {
    /** podroute's table: the only one it creates, replaces or deletes. */
    public static final String TABLE = "podroute";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The postrouting rule's expressions as nft lists them in JSON, without its counter. */
    private static final JsonNode RULE_EXPR = parseConstant("[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":"
            + "{\"protocol\":\"ip\",\"field\":\"saddr\"}},\"right\":\"@nat-pools\"}},{\"match\":{\"op\":\"!=\","
            + "\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},\"right\":\"@pools\"}},"
            + "{\"masquerade\":null}]");

    private static final Comparator<Prefix> ORDER = Comparator.<Prefix, byte[]>comparing(
                    Prefix::address, java.util.Arrays::compareUnsigned)
            .thenComparingInt(Prefix::length);

    public NatRuleset {
        pools = canonical(pools);
        natPools = canonical(natPools);
    }

    /** The ruleset for {@code pools} (IPv4 only: the table is of family {@code ip}). */
    public static NatRuleset of(List<AgentSetup.Pool> pools) {
        List<Prefix> all = new ArrayList<>();
        List<Prefix> nat = new ArrayList<>();
        for (AgentSetup.Pool pool : pools) {
            if (!pool.cidr().isIpv4()) {
                throw new IllegalArgumentException(
                        "pool " + pool.cidr() + " is not IPv4; table ip podroute is IPv4 only");
            }
            all.add(pool.cidr());
            if (pool.natOutgoing()) {
                nat.add(pool.cidr());
            }
        }
        return new NatRuleset(all, nat);
    }

    /** Whether any pool's pods are NATed; when not, the table is removed instead of written. */
    public boolean natsAnything() {
        return !natPools.isEmpty();
    }

    /**
     * The {@code nft -f -} script that replaces the whole table in one transaction. The leading {@code
     * add} makes the {@code delete} succeed when the table does not exist yet; nft applies the three
     * statements atomically, so packets never see a half-written table.
     */
    public String script() {
        return "add table ip " + TABLE + "\n"
                + "delete table ip " + TABLE + "\n"
                + "table ip " + TABLE + " {\n"
                + set("pools", pools)
                + set("nat-pools", natPools)
                + "\tchain postrouting {\n"
                + "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                + "\t\tip saddr @nat-pools ip daddr != @pools counter masquerade\n"
                + "\t}\n"
                + "}\n";
    }

    /** The script that deletes the table, succeeding whether or not it exists. */
    public static String removeScript() {
        return "add table ip " + TABLE + "\ndelete table ip " + TABLE + "\n";
    }

    private static String set(String name, List<Prefix> elements) {
        String elems = elements.isEmpty()
                ? ""
                : "\t\telements = { " + elements.stream().map(Prefix::toString).collect(Collectors.joining(", "))
                        + " }\n";
        return "\tset " + name + " {\n\t\ttype ipv4_addr\n\t\tflags interval\n" + elems + "\t}\n";
    }

    /**
     * Reads {@code nft -j list table ip podroute} output back into a ruleset, if and only if the table
     * holds exactly what {@link #script()} writes (two interval sets, the one chain, the one rule;
     * counters and handles ignored). Anything else (an extra rule, another priority, a missing set) is
     * empty, which makes {@link NatOutgoing#apply} rewrite the table.
     *
     * @throws IllegalArgumentException when the text is not nft JSON
     */
    public static Optional<NatRuleset> parse(String nftJson) {
        return NftJsonTable.read(tree(nftJson).path("nftables"), RULE_EXPR);
    }

    /** Whether {@code nft -j list tables ip} output names table {@code ip podroute}. */
    public static boolean listsTable(String nftJson) {
        for (JsonNode item : tree(nftJson).path("nftables")) {
            JsonNode table = item.path("table");
            if ("ip".equals(table.path("family").asText())
                    && TABLE.equals(table.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode tree(String nftJson) {
        try {
            return JSON.readTree(nftJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not nft JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Prefix> canonical(List<Prefix> prefixes) {
        List<Prefix> sorted = prefixes.stream().distinct().sorted(ORDER).collect(Collectors.toList());
        List<Prefix> kept = new ArrayList<>();
        for (Prefix p : sorted) {
            if (sorted.stream().noneMatch(q -> !q.equals(p) && contains(q, p))) {
                kept.add(p);
            }
        }
        return List.copyOf(kept);
    }

    /** Whether {@code outer} contains {@code inner} (same family, shorter or equal length, same bits). */
    static boolean contains(Prefix outer, Prefix inner) {
        return outer.isIpv4() == inner.isIpv4()
                && outer.length() <= inner.length()
                && Prefix.of(inner.address(), outer.length()).equals(outer);
    }

    private static JsonNode parseConstant(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
