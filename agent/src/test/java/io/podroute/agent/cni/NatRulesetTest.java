package io.podroute.agent.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.agent.config.AgentSetup.Pool;
import io.podroute.routes.Prefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NatRulesetTest {
    /** {@code nft -j list table ip podroute} from nftables 1.0.6 (Debian 12) after the script below. */
    static final String LISTED = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": "
            + "\"Lester Gooch #5\", \"json_schema_version\": 1}}, {\"table\": {\"family\": \"ip\", \"name\": "
            + "\"podroute\", \"handle\": 2}}, {\"set\": {\"family\": \"ip\", \"name\": \"pools\", \"table\": "
            + "\"podroute\", \"type\": \"ipv4_addr\", \"handle\": 2, \"flags\": [\"interval\"], \"elem\": "
            + "[{\"prefix\": {\"addr\": \"10.244.0.0\", \"len\": 16}}, {\"prefix\": {\"addr\": \"10.250.0.0\", "
            + "\"len\": 16}}]}}, {\"set\": {\"family\": \"ip\", \"name\": \"nat-pools\", \"table\": \"podroute\", "
            + "\"type\": \"ipv4_addr\", \"handle\": 3, \"flags\": [\"interval\"], \"elem\": [{\"prefix\": "
            + "{\"addr\": \"10.244.0.0\", \"len\": 16}}]}}, {\"chain\": {\"family\": \"ip\", \"table\": "
            + "\"podroute\", \"name\": \"postrouting\", \"handle\": 1, \"type\": \"nat\", \"hook\": "
            + "\"postrouting\", \"prio\": 100, \"policy\": \"accept\"}}, {\"rule\": {\"family\": \"ip\", "
            + "\"table\": \"podroute\", \"chain\": \"postrouting\", \"handle\": 4, \"expr\": [{\"match\": "
            + "{\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, "
            + "\"right\": \"@nat-pools\"}}, {\"match\": {\"op\": \"!=\", \"left\": {\"payload\": "
            + "{\"protocol\": \"ip\", \"field\": \"daddr\"}}, \"right\": \"@pools\"}}, {\"counter\": "
            + "{\"packets\": 7, \"bytes\": 588}}, {\"masquerade\": null}]}}]}";

    static final List<Pool> POOLS = List.of(
            new Pool(Prefix.parse("10.250.0.0/16"), 26, false), new Pool(Prefix.parse("10.244.0.0/16"), 26, true));

    @Test
    void scriptReplacesTheWholeTableInOneTransaction() {
        String expected = "add table ip podroute\n"
                + "delete table ip podroute\n"
                + "table ip podroute {\n"
                + "\tset pools {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
                + "\t\telements = { 10.244.0.0/16, 10.250.0.0/16 }\n\t}\n"
                + "\tset nat-pools {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
                + "\t\telements = { 10.244.0.0/16 }\n\t}\n"
                + "\tchain postrouting {\n"
                + "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                + "\t\tip saddr @nat-pools ip daddr != @pools counter masquerade\n"
                + "\t}\n"
                + "}\n";
        assertEquals(expected, NatRuleset.of(POOLS).script());
        assertEquals("add table ip podroute\ndelete table ip podroute\n", NatRuleset.removeScript());
    }

    @Test
    void listsAreCanonical() {
        NatRuleset r = new NatRuleset(
                List.of(
                        Prefix.parse("192.168.0.0/16"),
                        Prefix.parse("10.0.0.0/8"),
                        Prefix.parse("10.244.0.0/16"),
                        Prefix.parse("10.0.0.0/8"),
                        Prefix.parse("9.0.0.0/8")),
                List.of(Prefix.parse("10.244.0.0/16")));
        assertEquals(
                List.of(Prefix.parse("9.0.0.0/8"), Prefix.parse("10.0.0.0/8"), Prefix.parse("192.168.0.0/16")),
                r.pools(),
                "sorted numerically, duplicates and nested prefixes gone (interval sets reject overlaps)");
        assertTrue(NatRuleset.contains(Prefix.parse("10.0.0.0/8"), Prefix.parse("10.244.0.0/16")));
        assertFalse(NatRuleset.contains(Prefix.parse("10.244.0.0/16"), Prefix.parse("10.0.0.0/8")));
        assertFalse(NatRuleset.contains(Prefix.parse("10.244.0.0/16"), Prefix.parse("10.245.0.0/16")));
    }

    @Test
    void noNatPoolMeansNoTable() {
        assertFalse(NatRuleset.of(List.of(new Pool(Prefix.parse("10.244.0.0/16"), 26, false)))
                .natsAnything());
        assertFalse(NatRuleset.of(List.of()).natsAnything());
        assertTrue(NatRuleset.of(POOLS).natsAnything());
    }

    @Test
    void ipv6PoolsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NatRuleset.of(List.of(new Pool(Prefix.parse("fd00::/48"), 64, true))));
    }

    @Test
    void recognisesItsTableIgnoringCountersAndHandles() {
        assertEquals(Optional.of(NatRuleset.of(POOLS)), NatRuleset.parse(LISTED));
    }

    @Test
    void singleAddressElementsAreHostPrefixes() {
        String listed = LISTED.replace("{\"prefix\": {\"addr\": \"10.250.0.0\", \"len\": 16}}", "\"10.250.0.9\"");
        NatRuleset r = NatRuleset.parse(listed).orElseThrow();
        assertEquals(List.of(Prefix.parse("10.244.0.0/16"), Prefix.parse("10.250.0.9/32")), r.pools());
    }

    @Test
    void anythingElseInTheTableIsNotOurs() {
        String otherPrio = LISTED.replace("\"prio\": 100", "\"prio\": 0");
        String otherAction = LISTED.replace("{\"masquerade\": null}", "{\"accept\": null}");
        String extraRule = LISTED.substring(0, LISTED.length() - 2)
                + ", {\"rule\": {\"family\": \"ip\", \"table\": \"podroute\", \"chain\": \"postrouting\","
                + " \"expr\": [{\"accept\": null}]}}]}";
        String extraChain = LISTED.replace(
                "{\"rule\":",
                "{\"chain\": {\"family\": \"ip\", \"table\": \"podroute\", \"name\": \"x\"}}, {\"rule\":");
        String noSet = LISTED.replace("\"name\": \"nat-pools\"", "\"name\": \"pools\"");
        String range = LISTED.replace(
                "{\"prefix\": {\"addr\": \"10.250.0.0\", \"len\": 16}}",
                "{\"range\": [\"10.250.0.0\", \"10.250.0.9\"]}");
        String map = LISTED.replace("{\"chain\":", "{\"map\": {\"name\": \"m\"}}, {\"chain\":");
        for (String s : List.of(otherPrio, otherAction, extraRule, extraChain, noSet, range, map)) {
            assertEquals(Optional.empty(), NatRuleset.parse(s), s);
        }
        assertEquals(Optional.empty(), NatRuleset.parse("{\"nftables\": []}"));
        assertThrows(IllegalArgumentException.class, () -> NatRuleset.parse("Error: nope"));
    }

    @Test
    void findsTheTableInListTables() {
        String tables = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}, {\"table\": {\"family\": \"ip\","
                + " \"name\": \"filter\", \"handle\": 1}}, {\"table\": {\"family\": \"ip\", \"name\": \"podroute\","
                + " \"handle\": 2}}]}";
        assertTrue(NatRuleset.listsTable(tables));
        assertFalse(NatRuleset.listsTable(tables.replace("podroute", "kube-proxy")));
        assertFalse(NatRuleset.listsTable("{\"nftables\": [{\"metainfo\": {}}]}"));
    }
}
