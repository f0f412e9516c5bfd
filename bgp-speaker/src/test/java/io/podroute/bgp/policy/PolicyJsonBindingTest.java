package io.podroute.bgp.policy;

import static io.podroute.bgp.policy.Fixtures.EBGP;
import static io.podroute.bgp.policy.Fixtures.attrs;
import static io.podroute.bgp.policy.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LocalPref;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model binds with a plain Jackson {@link ObjectMapper} (the agent uses the YAML factory; the tree is
 * the same), with the field names and lower-case enum labels docs/policy.md shows.
 */
class PolicyJsonBindingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String CONFIG =
            """
            {
              "prefixLists": {
                "pod-pool": [
                  {"prefix": "0.0.0.0/0", "action": "deny"},
                  {"prefix": "10.244.0.0/16", "ge": 26, "le": 26}
                ]
              },
              "policies": {
                "tor-in": {
                  "terms": [
                    {"name": "drop-long-paths", "match": {"asPathLengthMin": 10}, "action": "reject"},
                    {"name": "pods",
                     "match": {"prefixList": {"name": "pod-pool"}, "communities": ["65000:100"]},
                     "set": {"localPref": 200, "addCommunities": ["no-export"]},
                     "action": "accept"},
                    {"name": "inline",
                     "match": {"prefixList": {"entries": [{"prefix": "fd00:10::/48", "ge": 122, "le": 122}]}}}
                  ],
                  "defaultAction": "reject"
                }
              }
            }
            """;

    @Test
    void bindsTheDocumentedShape() throws JsonProcessingException {
        PolicyConfig config = MAPPER.readValue(CONFIG, PolicyConfig.class);
        assertEquals(
                List.of(
                        new PrefixListEntry("0.0.0.0/0", null, null, PrefixAction.DENY),
                        PrefixListEntry.permit("10.244.0.0/16", 26, 26)),
                config.prefixLists().get("pod-pool"));
        PolicySpec spec = config.policies().get("tor-in");
        assertEquals(3, spec.terms().size());
        assertEquals(Verdict.REJECT, spec.terms().get(0).action());
        assertEquals(Verdict.ACCEPT, spec.terms().get(2).action(), "accept when not given");
        assertEquals(
                new SetSpec(200L, null, List.of("no-export"), null, null, null, null),
                spec.terms().get(1).set());

        Map<String, CompiledPolicy> compiled = config.compile();
        CompiledPolicy torIn = compiled.get("tor-in");
        var tagged = attrs(new Communities(new int[] {65000 << 16 | 100}));
        assertEquals(
                new LocalPref(200),
                torIn.apply(p("10.244.1.64/26"), tagged, EBGP).find(LocalPref.class));
        assertNull(torIn.apply(p("10.244.1.64/26"), attrs(), EBGP), "no community: falls to default reject");
        assertEquals(attrs(), torIn.apply(p("fd00:10:0:1::40/122"), attrs(), EBGP));
    }

    @Test
    void bindingTheSameTextTwiceGivesEqualPolicies() throws JsonProcessingException {
        assertEquals(
                MAPPER.readValue(CONFIG, PolicyConfig.class).compile(),
                MAPPER.readValue(CONFIG, PolicyConfig.class).compile());
    }

    @Test
    void maxPrefixBinds() throws JsonProcessingException {
        MaxPrefixConfig c = MAPPER.readValue(
                "{\"limit\": 1000, \"warningThresholdPercent\": 90, \"action\": \"warn-only\","
                        + " \"restartIntervalSeconds\": 120}",
                MaxPrefixConfig.class);
        assertEquals(new MaxPrefixConfig(1000, 90, MaxPrefixAction.WARN_ONLY, 120L), c);
        assertEquals(MaxPrefixConfig.of(5), MAPPER.readValue("{\"limit\": 5}", MaxPrefixConfig.class));
    }

    @Test
    void unknownEnumLabelIsRefused() {
        assertThrows(
                JsonProcessingException.class,
                () -> MAPPER.readValue("{\"terms\": [{\"action\": \"allow\"}]}", PolicySpec.class));
    }
}
