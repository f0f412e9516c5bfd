package io.podroute.bgp.session;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * ConnectRetry intervals: the configured time doubled after each failure in a row, capped, and each
 * jittered to 75..100 % (RFC 4271 §10) so that nodes restarted together do not retry in step. {@link
 * #reset()} after a session reached Established. Not thread-safe: used on the session's event loop.
 */
public final class ConnectRetryBackoff {
    private final long baseNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int failures;

    public ConnectRetryBackoff(Duration base, Duration max, RandomGenerator random) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The next interval, then counts a failure. */
    public long nextDelayNanos() {
        long d = baseNanos;
        for (int i = 0; i < failures && d < maxNanos; i++) {
            d = Math.min(maxNanos, d * 2);
        }
        d = Math.min(maxNanos, d);
        if (failures < 62) {
            failures++;
        }
        double jitter = 0.75 + 0.25 * random.nextDouble();
        return (long) (d * jitter);
    }

    /** Failures in a row so far. */
    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
