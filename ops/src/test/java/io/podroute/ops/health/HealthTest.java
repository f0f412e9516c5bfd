package io.podroute.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void allOkIs200() {
        Health h =
                new Health(List.of(HealthCheck.of("loop", () -> HealthCheck.Result.ok("answered in 1 ms"))), List.of());
        Health.Report r = h.live();
        assertTrue(r.ok());
        assertEquals(200, r.httpStatus());
        JsonNode j = r.toJson();
        assertEquals("ok", j.get("status").asText());
        assertEquals("loop", j.get("checks").get(0).get("name").asText());
        assertEquals("answered in 1 ms", j.get("checks").get(0).get("detail").asText());
        assertTrue(h.ready().ok(), "no checks: ready");
    }

    @Test
    void oneFailureIs503AndEveryCheckStillRuns() {
        AtomicBoolean lastRan = new AtomicBoolean();
        Health h = new Health(
                List.of(),
                List.of(
                        HealthCheck.of("datastore", () -> HealthCheck.Result.fail("etcd not reachable")),
                        HealthCheck.of("sessions", () -> {
                            lastRan.set(true);
                            return HealthCheck.Result.ok("1 of 1 established");
                        })));
        Health.Report r = h.ready();
        assertFalse(r.ok());
        assertEquals(503, r.httpStatus());
        assertTrue(lastRan.get());
        JsonNode j = r.toJson();
        assertEquals("failing", j.get("status").asText());
        assertFalse(j.get("checks").get(0).get("ok").asBoolean());
        assertTrue(j.get("checks").get(1).get("ok").asBoolean());
    }

    @Test
    void throwingCheckFailsWithItsMessage() {
        Health.Report r = Health.evaluate(List.of(HealthCheck.of("bgp_loop", () -> {
            throw new IllegalStateException("speaker loop did not answer in 2 s");
        })));
        assertFalse(r.ok());
        assertEquals(
                "check failed: speaker loop did not answer in 2 s",
                r.checks().get(0).detail());
    }
}
