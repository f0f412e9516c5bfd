package io.podroute.bgp.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code policy} block of the config: named prefix lists and named policies (see docs/policy.md).
 * Peers refer to policies by name for import and export.
 *
 * @param prefixLists prefix lists by name, each a list of entries
 * @param policies policies by name
 */
public record PolicyConfig(Map<String, List<PrefixListEntry>> prefixLists, Map<String, PolicySpec> policies) {
    public PolicyConfig {
        prefixLists = copy(prefixLists);
        policies = policies == null ? Map.of() : unmodifiable(policies);
    }

    /**
     * Validates everything and compiles every policy, keyed by name in the config's order. Prefix lists
     * that no policy uses are validated too.
     *
     * @throws PolicyConfigException naming the first invalid field
     */
    public Map<String, CompiledPolicy> compile() {
        for (Map.Entry<String, List<PrefixListEntry>> e : prefixLists.entrySet()) {
            PrefixMatcher.compile(e.getValue(), "prefixLists." + e.getKey());
        }
        Map<String, CompiledPolicy> out = new LinkedHashMap<>();
        for (Map.Entry<String, PolicySpec> e : policies.entrySet()) {
            out.put(e.getKey(), CompiledPolicy.compile(e.getKey(), e.getValue(), prefixLists));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, List<PrefixListEntry>> copy(Map<String, List<PrefixListEntry>> in) {
        Map<String, List<PrefixListEntry>> out = new LinkedHashMap<>();
        if (in != null) {
            in.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static <V> Map<String, V> unmodifiable(Map<String, V> in) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }
}
