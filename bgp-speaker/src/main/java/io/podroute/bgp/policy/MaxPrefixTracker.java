package io.podroute.bgp.policy;

import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches one peer's accepted-prefix counts against its {@link MaxPrefixConfig}. The session calls
 * {@link #check} with the current count of a family after each UPDATE it applies; the answer is
 * edge-triggered: {@link MaxPrefixStatus#WARNING} when the count has just reached the warning threshold,
 * {@link MaxPrefixStatus#EXCEEDED} when it has just gone above the limit, {@link MaxPrefixStatus#OK}
 * otherwise. A band is re-armed when the count falls back below it, so falling below the threshold and
 * climbing again warns again. Jumping from below the threshold to above the limit reports EXCEEDED
 * only.
 *
 * <p>On EXCEEDED with action {@code teardown} the session sends {@link #notification(Family)}, closes,
 * waits {@link MaxPrefixConfig#restartInterval()} and starts again with {@link #reset()}; with
 * {@code warn-only} it logs and keeps going.
 *
 * <p>Not thread-safe: it belongs to one session and is used on that session's event loop only.
 */
public final class MaxPrefixTracker {
    private final MaxPrefixConfig config;
    private final long warningCount;
    private final Map<Family, MaxPrefixStatus> bands = new HashMap<>();

    /** @throws PolicyConfigException if {@code config} is invalid (path {@code maxPrefix}) */
    public MaxPrefixTracker(MaxPrefixConfig config) {
        this.config = config.validate("maxPrefix");
        this.warningCount = config.warningCount();
    }

    public MaxPrefixConfig config() {
        return config;
    }

    /** Reports a crossing of the threshold or the limit by {@code acceptedCount} prefixes of {@code family}. */
    public MaxPrefixStatus check(Family family, long acceptedCount) {
        MaxPrefixStatus band = acceptedCount > config.limit()
                ? MaxPrefixStatus.EXCEEDED
                : acceptedCount >= warningCount ? MaxPrefixStatus.WARNING : MaxPrefixStatus.OK;
        MaxPrefixStatus before = bands.getOrDefault(family, MaxPrefixStatus.OK);
        bands.put(family, band);
        return band.compareTo(before) > 0 ? band : MaxPrefixStatus.OK;
    }

    /** The band the last count of {@code family} fell in (level, not edge), for status output. */
    public MaxPrefixStatus band(Family family) {
        return bands.getOrDefault(family, MaxPrefixStatus.OK);
    }

    /** True when the action on EXCEEDED is to tear the session down. */
    public boolean tearDown() {
        return config.action() == MaxPrefixAction.TEARDOWN;
    }

    /** Forgets all counts (a new session). */
    public void reset() {
        bands.clear();
    }

    /** Cease / Maximum Number of Prefixes Reached for {@code family}, ready to send. */
    public NotificationMessage notification(Family family) {
        return NotificationMessage.of(NotificationCode.CEASE_MAX_PREFIXES, ceaseData(family, config.limit()));
    }

    /**
     * The NOTIFICATION data of Cease subcode 1 (RFC 4486 §4): AFI (2 octets), SAFI (1 octet), and the
     * prefix upper bound (4 octets), big-endian.
     */
    public static byte[] ceaseData(Family family, long limit) {
        if (limit < 0 || limit > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("prefix upper bound out of range: " + limit);
        }
        return new byte[] {
            (byte) (family.afi() >>> 8),
            (byte) family.afi(),
            (byte) family.safi(),
            (byte) (limit >>> 24),
            (byte) (limit >>> 16),
            (byte) (limit >>> 8),
            (byte) limit
        };
    }
}
