package io.podroute.ops.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The two health endpoints of a process: liveness ({@code /healthz}: restart me if this fails) and
 * readiness ({@code /readyz}: do not count on me yet). Each is a list of {@link HealthCheck}s, all
 * evaluated at every request (no short-circuit, so the body always says everything that is wrong);
 * the endpoint is healthy when every check is. A check that throws counts as failed, with the
 * exception's message as its detail.
 *
 * <p>Body, with HTTP 200 when {@code ok} and 503 otherwise:
 *
 * <pre>
 * {"status": "ok" | "failing",
 *  "checks": [{"name": "datastore", "ok": true, "detail": "etcd http://10.0.0.1:2379 reachable"}, ...]}
 * </pre>
 *
 * <p>Immutable and thread-safe if the checks are.
 */
public final class Health {
    private final List<HealthCheck> liveness;
    private final List<HealthCheck> readiness;

    public Health(List<HealthCheck> liveness, List<HealthCheck> readiness) {
        this.liveness = List.copyOf(liveness);
        this.readiness = List.copyOf(readiness);
    }

    /** {@code /healthz}. */
    public Report live() {
        return evaluate(liveness);
    }

    /** {@code /readyz}. */
    public Report ready() {
        return evaluate(readiness);
    }

    /** Runs every check in order. */
    public static Report evaluate(List<HealthCheck> checks) {
        List<Entry> entries = new ArrayList<>(checks.size());
        for (HealthCheck c : checks) {
            HealthCheck.Result r;
            try {
                r = c.check();
            } catch (RuntimeException e) {
                r = HealthCheck.Result.fail("check failed: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            entries.add(new Entry(c.name(), r.ok(), r.detail()));
        }
        return new Report(entries);
    }

    /** One check's outcome. */
    public record Entry(String name, boolean ok, String detail) {}

    /** Every check's outcome; ok when all are (and when there are none). */
    public record Report(List<Entry> checks) {
        public static final int OK = 200;
        public static final int UNAVAILABLE = 503;

        public Report {
            checks = List.copyOf(checks);
        }

        public boolean ok() {
            return checks.stream().allMatch(Entry::ok);
        }

        /** 200 or 503. */
        public int httpStatus() {
            return ok() ? OK : UNAVAILABLE;
        }

        /** The JSON body (see the class comment). */
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("status", ok() ? "ok" : "failing");
            ArrayNode list = o.putArray("checks");
            for (Entry e : checks) {
                list.addObject().put("name", e.name()).put("ok", e.ok()).put("detail", e.detail());
            }
            return o;
        }
    }
}
