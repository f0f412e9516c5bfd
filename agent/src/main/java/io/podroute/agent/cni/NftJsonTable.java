package io.podroute.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.podroute.routes.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises podroute's table in the items of {@code nft -j list table ip podroute} (libnftables JSON,
 * schema version 1). Strict on purpose: any object podroute would not have written makes the table
 * "not ours as written", and the caller replaces it. Single use, not thread-safe.
 */
final class NftJsonTable {
    private final JsonNode ruleExpr;
    private final Map<String, List<Prefix>> sets = new HashMap<>();
    private int tables;
    private int chains;
    private int rules;

    private NftJsonTable(JsonNode ruleExpr) {
        this.ruleExpr = ruleExpr;
    }

    /** The ruleset the items describe, or empty when they are anything but what podroute writes. */
    static Optional<NatRuleset> read(JsonNode items, JsonNode ruleExpr) {
        NftJsonTable t = new NftJsonTable(ruleExpr);
        for (JsonNode item : items) {
            if (!t.accept(item)) {
                return Optional.empty();
            }
        }
        boolean complete = t.tables == 1 && t.chains == 1 && t.rules == 1 && t.sets.size() == 2;
        return complete ? Optional.of(new NatRuleset(t.sets.get("pools"), t.sets.get("nat-pools"))) : Optional.empty();
    }

    private boolean accept(JsonNode item) {
        Iterator<Map.Entry<String, JsonNode>> fields = item.properties().iterator();
        if (!fields.hasNext()) {
            return false;
        }
        Map.Entry<String, JsonNode> f = fields.next();
        JsonNode v = f.getValue();
        return switch (f.getKey()) {
            case "metainfo" -> true;
            case "table" -> ours(v, "name") && ++tables == 1;
            case "set" -> set(v);
            case "chain" -> chain(v) && ++chains == 1;
            case "rule" -> rule(v) && ++rules == 1;
            default -> false;
        };
    }

    private static boolean ours(JsonNode v, String nameField) {
        return "ip".equals(v.path("family").asText())
                && NatRuleset.TABLE.equals(v.path(nameField).asText());
    }

    private boolean set(JsonNode v) {
        String name = v.path("name").asText();
        boolean shape = ours(v, "table")
                && (name.equals("pools") || name.equals("nat-pools"))
                && !sets.containsKey(name)
                && "ipv4_addr".equals(v.path("type").asText())
                && v.path("flags").equals(JsonNodeFactory.instance.arrayNode().add("interval"));
        if (!shape) {
            return false;
        }
        List<Prefix> elements = elements(v.path("elem"));
        if (elements == null) {
            return false;
        }
        sets.put(name, elements);
        return true;
    }

    /** The set's elements; null when one is neither an address nor a prefix (a range, a concatenation). */
    private static List<Prefix> elements(JsonNode elem) {
        List<Prefix> out = new ArrayList<>();
        for (JsonNode e : elem) {
            if (e.isTextual()) {
                out.add(Prefix.parse(e.asText()));
            } else if (e.has("prefix")) {
                JsonNode p = e.get("prefix");
                out.add(Prefix.parse(
                        p.path("addr").asText() + "/" + p.path("len").asInt()));
            } else {
                return null;
            }
        }
        return out;
    }

    private static boolean chain(JsonNode v) {
        return ours(v, "table")
                && "postrouting".equals(v.path("name").asText())
                && "nat".equals(v.path("type").asText())
                && "postrouting".equals(v.path("hook").asText())
                && v.path("prio").asInt(-1) == 100
                && "accept".equals(v.path("policy").asText());
    }

    private boolean rule(JsonNode v) {
        if (!ours(v, "table") || !"postrouting".equals(v.path("chain").asText())) {
            return false;
        }
        ArrayNode withoutCounter = JsonNodeFactory.instance.arrayNode();
        for (JsonNode e : v.path("expr")) {
            if (!e.has("counter")) {
                withoutCounter.add(e);
            }
        }
        return withoutCounter.equals(ruleExpr);
    }
}
