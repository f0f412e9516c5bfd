package io.podroute.bgp.session;

import static org.junit.jupiter.api.Assertions.*;

import io.podroute.bgp.codec.nlri.Family;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerConfigTest {
    @Test
    void defaults() {
        PeerConfig c = FsmHarness.ebgp().build();
        assertEquals(90, c.holdTime());
        assertEquals(Duration.ofSeconds(30), c.connectRetry());
        assertTrue(c.gracefulRestart());
        assertEquals(179, c.remotePort());
        assertEquals(Set.of(Family.IPV4_UNICAST), c.families());
        assertEquals(1, c.effectiveTtl(FsmHarness.LOCAL), "eBGP: directly connected");
        assertEquals(255, c.toBuilder().remoteAs(FsmHarness.LOCAL_AS).build().effectiveTtl(FsmHarness.LOCAL));
        assertEquals(0, c.minimumTtl());
    }

    @Test
    void gtsmSendsTtl255AndAcceptsOnlyNearPeers() {
        PeerConfig c = FsmHarness.ebgp().ttlSecurityHops(1).build();
        assertEquals(255, c.effectiveTtl(FsmHarness.LOCAL));
        assertEquals(255, c.minimumTtl(), "RFC 5082: 255 - hops + 1");
        assertEquals(254, c.toBuilder().ttlSecurityHops(2).build().minimumTtl());
    }

    @Test
    void passwordNeverInToString() {
        PeerConfig c = FsmHarness.ebgp().password("s3cr3t-Key").build();
        assertFalse(c.toString().contains("s3cr3t"), c.toString());
        assertTrue(c.toString().contains("password=<redacted>"));
        BgpPeer peer = new FsmHarness(c).peer;
        assertFalse(peer.toString().contains("s3cr3t"));
        FsmHarness.releaseAll();
    }

    @Test
    void errorsNameTheField() {
        assertField("holdTime", () -> FsmHarness.ebgp().holdTime(2).build());
        assertField("remoteAs", () -> FsmHarness.ebgp().remoteAs(0).build());
        assertField("ttl", () -> FsmHarness.ebgp().ttl(256).build());
        assertField(
                "ttlSecurityHops",
                () -> FsmHarness.ebgp().ttl(2).ttlSecurityHops(1).build());
        assertField("password", () -> FsmHarness.ebgp().password("x".repeat(81)).build());
        assertField("connectRetryMax", () -> FsmHarness.ebgp()
                .connectRetry(Duration.ofSeconds(60))
                .connectRetryMax(Duration.ofSeconds(10))
                .build());
        assertField(
                "addPathSend",
                () -> FsmHarness.ebgp().addPathSend(Set.of(Family.IPV6_UNICAST)).build());
        assertField(
                "sourceAddress",
                () -> FsmHarness.ebgp().sourceAddress(FsmHarness.addr("::1")).build());
        assertField("restartTime", () -> FsmHarness.ebgp().restartTime(5000).build());
        assertField("keepaliveTime", () -> FsmHarness.ebgp().keepaliveTime(90).build());
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(" " + field + ":"), x.getMessage());
    }
}
