package io.podroute.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildInfoMetricsTest {
    @Test
    void versionAndStartTime() {
        String t = Scrape.text(new BuildInfoMetrics("0.1.0", "17.0.9", Instant.ofEpochSecond(1_700_000_000)));
        assertEquals(1, Scrape.value(t, "podroute_build_info{java_version=\"17.0.9\",version=\"0.1.0\"}"));
        assertEquals(1.7e9, Scrape.value(t, "podroute_agent_start_time_seconds"));
    }
}
