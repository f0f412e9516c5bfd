package io.podroute.ops.deploy;

import static io.podroute.ops.deploy.DeployFiles.eachField;
import static io.podroute.ops.deploy.DeployFiles.yamlDocuments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules query only metrics the agent publishes
 * ({@link MetricContract}), and are complete: every published metric is on the dashboard, every
 * alert the issue asks for exists with its severity and texts.
 */
class MonitoringFilesTest {
    private static final String DASHBOARD = "grafana/podroute-dashboard.json";
    private static final String ALERTS = "prometheus/podroute-alerts.yaml";
    private static final String ALERT_TESTS = "prometheus/podroute-alerts.test.yaml";
    private static final String DATASOURCE = "${DS_PROMETHEUS}";

    @Test
    void dashboardQueriesOnlyPublishedMetrics() {
        List<String> exprs = dashboardExpressions();
        assertTrue(exprs.size() > 20, "queries found: " + exprs.size());
        exprs.forEach(MonitoringFilesTest::assertOnlyKnownMetrics);
    }

    @Test
    void dashboardShowsEveryPublishedMetric() {
        Set<String> shown = new TreeSet<>();
        dashboardExpressions()
                .forEach(e -> MetricContract.namesIn(e).forEach(n -> shown.add(MetricContract.family(n))));
        Set<String> missing = new TreeSet<>(MetricContract.SERIES);
        missing.addAll(MetricContract.HISTOGRAMS);
        missing.removeAll(shown);
        assertEquals(Set.of(), missing, "metrics without a panel");
    }

    @Test
    void dashboardUsesTheDatasourceVariableAndAnInstanceVariable() {
        JsonNode dash = DeployFiles.json(DASHBOARD);
        assertTrue(dash.path("schemaVersion").asInt() >= 36, "schemaVersion");
        assertFalse(dash.path("uid").asText().isEmpty(), "a stable uid for links and provisioning");
        Set<String> variables = new TreeSet<>();
        for (JsonNode v : dash.path("templating").path("list")) {
            variables.add(v.path("name").asText() + ":" + v.path("type").asText());
        }
        assertEquals(Set.of("DS_PROMETHEUS:datasource", "instance:query"), variables);
        List<String> uids = new ArrayList<>();
        eachField(dash.path("panels"), "datasource", d -> uids.add(d.path("uid").asText()));
        assertFalse(uids.isEmpty());
        uids.forEach(uid -> assertEquals(DATASOURCE, uid, "every panel and query uses ${DS_PROMETHEUS}"));
    }

    @Test
    void dashboardQueriesFilterOnTheSelectedNodes() {
        for (String expr : dashboardExpressions()) {
            // Pool usage is cluster-wide (the shared datastore): the same on every node.
            boolean poolWide = expr.contains("podroute_ipam_pool_blocks") && !expr.contains("instance");
            assertTrue(poolWide || expr.contains("instance=~\"$instance\""), "no node filter: " + expr);
        }
    }

    @Test
    void dashboardPanelsDoNotOverlap() {
        List<int[]> boxes = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : DeployFiles.json(DASHBOARD).path("panels")) {
            JsonNode g = p.path("gridPos");
            int[] box = {
                g.path("x").asInt(),
                g.path("y").asInt(),
                g.path("w").asInt(),
                g.path("h").asInt()
            };
            assertTrue(
                    box[0] >= 0 && box[2] > 0 && box[0] + box[2] <= 24 && box[3] > 0,
                    p.path("title").asText());
            for (int i = 0; i < boxes.size(); i++) {
                int[] o = boxes.get(i);
                boolean apart = box[0] + box[2] <= o[0]
                        || o[0] + o[2] <= box[0]
                        || box[1] + box[3] <= o[1]
                        || o[1] + o[3] <= box[1];
                assertTrue(apart, p.path("title").asText() + " overlaps " + titles.get(i));
            }
            boxes.add(box);
            titles.add(p.path("title").asText());
        }
    }

    @Test
    void alertsQueryOnlyPublishedMetrics() {
        List<JsonNode> rules = alertRules();
        assertFalse(rules.isEmpty());
        for (JsonNode rule : rules) {
            String expr = rule.path("expr").asText();
            assertFalse(expr.isBlank(), rule.path("alert").asText());
            assertOnlyKnownMetrics(expr);
        }
    }

    @Test
    void everyRequiredAlertExists() {
        Set<String> names = new TreeSet<>();
        alertRules().forEach(r -> names.add(r.path("alert").asText()));
        assertTrue(
                names.containsAll(Set.of(
                        "PodrouteBgpSessionDown",
                        "PodrouteBgpAllSessionsDown",
                        "PodrouteKernelRouteDrift",
                        "PodrouteIpamPoolNearlyExhausted",
                        "PodrouteDatastoreDown",
                        "PodrouteRouteTableFailing",
                        "PodrouteAgentDown")),
                names.toString());
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndRunbook() {
        for (JsonNode rule : alertRules()) {
            String name = rule.path("alert").asText();
            assertTrue(name.matches("Podroute[A-Za-z]+"), name);
            assertTrue(
                    Set.of("warning", "critical")
                            .contains(rule.path("labels").path("severity").asText()),
                    name);
            JsonNode a = rule.path("annotations");
            assertFalse(a.path("summary").asText().isBlank(), name + ": summary");
            assertFalse(a.path("description").asText().isBlank(), name + ": description");
            assertEquals(
                    "docs/operations.md#" + name.toLowerCase(Locale.ROOT),
                    a.path("runbook_url").asText(),
                    name + ": runbook");
        }
    }

    @Test
    void sessionDownIsWarningAndAllSessionsDownCritical() {
        for (JsonNode rule : alertRules()) {
            String name = rule.path("alert").asText();
            if (name.equals("PodrouteBgpSessionDown")) {
                assertEquals(
                        "podroute_bgp_session_established == 0",
                        rule.path("expr").asText());
                assertEquals("5m", rule.path("for").asText());
                assertEquals("warning", rule.path("labels").path("severity").asText());
            }
            if (name.equals("PodrouteBgpAllSessionsDown")) {
                assertEquals("critical", rule.path("labels").path("severity").asText());
            }
            if (name.equals("PodrouteAgentDown")) {
                assertEquals("up{job=\"podroute\"} == 0", rule.path("expr").asText());
            }
        }
    }

    @Test
    void alertUnitTestsUseOnlyPublishedMetrics() {
        List<String> series = new ArrayList<>();
        eachField(yamlDocuments(ALERT_TESTS).get(0), "series", s -> series.add(s.asText()));
        assertFalse(series.isEmpty());
        series.forEach(MonitoringFilesTest::assertOnlyKnownMetrics);
    }

    /** promtool's own checks and the rule unit tests, where promtool is installed (Debian: prometheus). */
    @Test
    void promtoolAcceptsTheRulesAndTheirTestsPass() throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            String why = "promtool not installed (Debian package prometheus; ops/test.sh installs it)";
            assertTrue(System.getenv("CI") == null, "CI must not skip this test: " + why);
            System.err.println("SKIPPED promtoolAcceptsTheRulesAndTheirTestsPass: " + why);
            assumeTrue(false, why);
        }
        assertEquals("", run(promtool, "check", "rules", "podroute-alerts.yaml"));
        assertEquals("", run(promtool, "test", "rules", "podroute-alerts.test.yaml"));
    }

    /** Runs promtool in the rules' directory; returns its output when it fails, "" when it passes. */
    private static String run(Path promtool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(DeployFiles.path("prometheus").toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        return p.exitValue() == 0 ? "" : String.join(" ", cmd) + " failed:\n" + out;
    }

    private static void assertOnlyKnownMetrics(String expr) {
        Set<String> unknown = new TreeSet<>();
        MetricContract.namesIn(expr).stream()
                .filter(n -> !MetricContract.isKnown(n))
                .forEach(unknown::add);
        assertEquals(Set.of(), unknown, "not published by the agent, in: " + expr);
    }

    private static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        eachField(DeployFiles.json(DASHBOARD), "expr", e -> exprs.add(e.asText()));
        return exprs;
    }

    private static List<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode doc : yamlDocuments(ALERTS)) {
            for (JsonNode group : doc.path("groups")) {
                assertEquals("podroute", group.path("name").asText());
                group.path("rules").forEach(rules::add);
            }
        }
        return rules;
    }
}
