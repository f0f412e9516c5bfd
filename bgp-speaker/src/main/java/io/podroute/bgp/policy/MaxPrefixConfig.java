package io.podroute.bgp.policy;

import java.time.Duration;

/**
 * Per-peer prefix limit (the {@code maxPrefix} block of a peer). The limit applies to each address
 * family separately and counts prefixes accepted by the import policy.
 *
 * @param limit the most prefixes per family the peer may have accepted, 1..4294967295; one more is
 *     "exceeded"
 * @param warningThresholdPercent warn when the count reaches this percentage of the limit (rounded
 *     up), 1..100; 75 when null
 * @param action {@code teardown} (the default when null) or {@code warn-only}
 * @param restartIntervalSeconds after a teardown, wait this long before connecting again; 60 when null
 */
public record MaxPrefixConfig(
        long limit, Integer warningThresholdPercent, MaxPrefixAction action, Long restartIntervalSeconds) {
    public static final int DEFAULT_WARNING_PERCENT = 75;
    public static final long DEFAULT_RESTART_SECONDS = 60;

    public MaxPrefixConfig {
        warningThresholdPercent = warningThresholdPercent == null ? DEFAULT_WARNING_PERCENT : warningThresholdPercent;
        action = action == null ? MaxPrefixAction.TEARDOWN : action;
        restartIntervalSeconds = restartIntervalSeconds == null ? DEFAULT_RESTART_SECONDS : restartIntervalSeconds;
    }

    /** A limit with the defaults: warn at 75 %, tear down, restart after 60 s. */
    public static MaxPrefixConfig of(long limit) {
        return new MaxPrefixConfig(limit, null, null, null);
    }

    /**
     * Checks the values; {@code path} names this block, e.g. {@code peers[0].maxPrefix}.
     *
     * @return this
     * @throws PolicyConfigException naming the invalid field
     */
    public MaxPrefixConfig validate(String path) {
        if (limit < 1 || limit > 0xFFFF_FFFFL) {
            throw new PolicyConfigException(path + ".limit", limit + " is outside 1..4294967295");
        }
        if (warningThresholdPercent < 1 || warningThresholdPercent > 100) {
            throw new PolicyConfigException(
                    path + ".warningThresholdPercent", warningThresholdPercent + " is outside 1..100");
        }
        if (restartIntervalSeconds < 1) {
            throw new PolicyConfigException(
                    path + ".restartIntervalSeconds", restartIntervalSeconds + " must be at least 1");
        }
        return this;
    }

    /** The count at which to warn: ceil(limit × percent / 100), at least 1. */
    public long warningCount() {
        return Math.max(1, (limit * warningThresholdPercent + 99) / 100);
    }

    public Duration restartInterval() {
        return Duration.ofSeconds(restartIntervalSeconds);
    }
}
