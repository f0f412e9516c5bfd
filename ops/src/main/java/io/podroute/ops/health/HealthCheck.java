package io.podroute.ops.health;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One named condition of a health endpoint ({@code /healthz} or {@code /readyz}). {@link #check} is
 * called on the HTTP server's thread at each request; it must answer quickly (bound its own waits)
 * and may throw, which {@link Health} reports as a failure with the exception's message.
 */
public interface HealthCheck {
    /** Short, stable, snake_case: it is the key in the JSON body (e.g. {@code bgp_loop}). */
    String name();

    Result check();

    /**
     * The outcome.
     *
     * @param ok whether the condition holds
     * @param detail what was found, for a human: always set, also when ok
     */
    record Result(boolean ok, String detail) {
        public Result {
            Objects.requireNonNull(detail, "detail");
        }

        public static Result ok(String detail) {
            return new Result(true, detail);
        }

        public static Result fail(String detail) {
            return new Result(false, detail);
        }
    }

    /** A check from a name and a supplier of results. */
    static HealthCheck of(String name, Supplier<Result> check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check() {
                return check.get();
            }

            @Override
            public String toString() {
                return "HealthCheck[" + name + "]";
            }
        };
    }
}
