package io.podroute.bgp.policy;

import static io.podroute.bgp.policy.MaxPrefixStatus.EXCEEDED;
import static io.podroute.bgp.policy.MaxPrefixStatus.OK;
import static io.podroute.bgp.policy.MaxPrefixStatus.WARNING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MaxPrefixTrackerTest {
    private static final Family V4 = Family.IPV4_UNICAST;
    private static final Family V6 = Family.IPV6_UNICAST;

    @Test
    void defaults() {
        MaxPrefixConfig c = MaxPrefixConfig.of(1000);
        assertEquals(75, c.warningThresholdPercent());
        assertEquals(MaxPrefixAction.TEARDOWN, c.action());
        assertEquals(Duration.ofSeconds(60), c.restartInterval());
        assertEquals(750, c.warningCount());
        assertEquals(8, MaxPrefixConfig.of(10).warningCount(), "7.5 rounds up");
        assertEquals(1, new MaxPrefixConfig(1, 1, null, null).warningCount());
    }

    @Test
    void warningOncePerCrossing() {
        MaxPrefixTracker t = new MaxPrefixTracker(MaxPrefixConfig.of(100));
        assertEquals(OK, t.check(V4, 0));
        assertEquals(OK, t.check(V4, 74));
        assertEquals(WARNING, t.check(V4, 75));
        assertEquals(OK, t.check(V4, 76), "not every call");
        assertEquals(OK, t.check(V4, 100), "at the limit is not over it");
        assertEquals(WARNING, t.band(V4));
        assertEquals(OK, t.check(V4, 74), "back below");
        assertEquals(OK, t.band(V4));
        assertEquals(WARNING, t.check(V4, 80), "and up again warns again");
    }

    @Test
    void exceededOncePerCrossingAndRearmed() {
        MaxPrefixTracker t = new MaxPrefixTracker(MaxPrefixConfig.of(100));
        assertEquals(WARNING, t.check(V4, 90));
        assertEquals(EXCEEDED, t.check(V4, 101));
        assertEquals(EXCEEDED, t.band(V4));
        assertEquals(OK, t.check(V4, 150));
        assertEquals(OK, t.check(V4, 99), "back into the warning band: already warned");
        assertEquals(EXCEEDED, t.check(V4, 101), "over again");
        assertEquals(OK, t.check(V4, 10));
        assertEquals(EXCEEDED, t.check(V4, 500), "a jump past both reports exceeded only");
        assertEquals(OK, t.check(V4, 80));
    }

    @Test
    void familiesAreCountedSeparately() {
        MaxPrefixTracker t = new MaxPrefixTracker(MaxPrefixConfig.of(100));
        assertEquals(WARNING, t.check(V4, 80));
        assertEquals(WARNING, t.check(V6, 80));
        assertEquals(EXCEEDED, t.check(V6, 101));
        assertEquals(WARNING, t.band(V4));
        t.reset();
        assertEquals(OK, t.band(V6));
        assertEquals(WARNING, t.check(V4, 80), "a new session starts afresh");
    }

    @Test
    void teardownOrWarnOnly() {
        assertTrue(new MaxPrefixTracker(MaxPrefixConfig.of(5)).tearDown());
        assertFalse(new MaxPrefixTracker(new MaxPrefixConfig(5, 50, MaxPrefixAction.WARN_ONLY, 30L)).tearDown());
    }

    @Test
    void ceaseNotificationPerRfc4486() {
        NotificationMessage n = new MaxPrefixTracker(MaxPrefixConfig.of(1000)).notification(V4);
        assertEquals(6, n.code());
        assertEquals(1, n.subcode());
        assertArrayEquals(HexFormat.of().parseHex("0001" + "01" + "000003e8"), n.data());
        assertArrayEquals(
                HexFormat.of().parseHex("0002" + "01" + "ffffffff"), MaxPrefixTracker.ceaseData(V6, 4_294_967_295L));
        assertArrayEquals(HexFormat.of().parseHex("0001" + "01" + "00010000"), MaxPrefixTracker.ceaseData(V4, 65536));
    }

    @Test
    void invalidConfigNamesTheField() {
        assertEquals(
                "peers[0].maxPrefix.limit: 0 is outside 1..4294967295",
                assertThrows(PolicyConfigException.class, () -> MaxPrefixConfig.of(0)
                                .validate("peers[0].maxPrefix"))
                        .getMessage());
        assertEquals(
                "maxPrefix.warningThresholdPercent: 101 is outside 1..100",
                assertThrows(
                                PolicyConfigException.class,
                                () -> new MaxPrefixTracker(new MaxPrefixConfig(10, 101, null, null)))
                        .getMessage());
        assertEquals(
                "maxPrefix.restartIntervalSeconds: 0 must be at least 1",
                assertThrows(
                                PolicyConfigException.class,
                                () -> new MaxPrefixTracker(new MaxPrefixConfig(10, null, null, 0L)))
                        .getMessage());
    }
}
