package io.podroute.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.ops.health.Health;
import io.podroute.routes.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentHealthTest {
    /** A running agent that is converged; tests spoil one thing at a time. */
    private static final class Fake implements AgentHealth.Sources {
        final List<PeerStatus> peers = new ArrayList<>(List.of(peer("10.0.0.2", SessionState.ESTABLISHED)));
        CountDownLatch speakerStuck;
        Duration sinceLastPass = Duration.ofSeconds(5);
        long passes = 3;
        boolean clean = true;
        boolean reachable = true;
        String block = "10.244.1.0/26";
        boolean gate = true;

        @Override
        public void pingSpeaker() {
            if (speakerStuck != null) {
                try {
                    speakerStuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public List<PeerStatus> peers() {
            pingSpeaker();
            return List.copyOf(peers);
        }

        @Override
        public Duration sinceLastPass() {
            return sinceLastPass;
        }

        @Override
        public Duration resyncInterval() {
            return Duration.ofSeconds(60);
        }

        @Override
        public long passes() {
            return passes;
        }

        @Override
        public boolean lastPassClean() {
            return clean;
        }

        @Override
        public boolean datastoreReachable() {
            return reachable;
        }

        @Override
        public String datastore() {
            return "etcd http://10.0.0.1:2379";
        }

        @Override
        public String block() {
            return block;
        }

        @Override
        public boolean restartGateOpen() {
            return gate;
        }
    }

    private static PeerStatus peer(String ip, SessionState state) {
        return new PeerStatus(Addresses.inet(ip), 64512, state, null, null, null, 0, 0, "", "");
    }

    private final Fake fake = new Fake();
    private final AgentHealth agentHealth = new AgentHealth(fake);
    private final Health health = agentHealth.health();

    @AfterEach
    void close() {
        if (fake.speakerStuck != null) {
            fake.speakerStuck.countDown();
        }
        agentHealth.close();
    }

    private static String failing(Health.Report r) {
        return String.join(
                ",",
                r.checks().stream().filter(e -> !e.ok()).map(Health.Entry::name).toList());
    }

    @Test
    void convergedIsLiveAndReady() {
        assertTrue(health.live().ok(), health.live().toString());
        Health.Report ready = health.ready();
        assertTrue(ready.ok(), ready.toString());
        assertEquals(
                List.of("datastore", "block", "bgp_sessions", "restart_gate", "routes"),
                ready.checks().stream().map(Health.Entry::name).toList());
        assertEquals("1 of 1 BGP sessions Established", ready.checks().get(2).detail());
    }

    @Test
    void eachReadinessConditionFailsOnItsOwn() {
        fake.reachable = false;
        assertEquals("datastore", failing(health.ready()));
        fake.reachable = true;
        fake.block = null;
        assertEquals("block", failing(health.ready()));
        fake.block = "10.244.1.0/26";
        fake.peers.set(0, peer("10.0.0.2", SessionState.ACTIVE));
        assertEquals("bgp_sessions", failing(health.ready()));
        fake.peers.clear();
        assertTrue(health.ready().ok(), "no peers configured: nothing to wait for");
        fake.gate = false;
        assertEquals("restart_gate", failing(health.ready()));
        fake.gate = true;
        fake.clean = false;
        assertEquals("routes", failing(health.ready()));
        fake.clean = true;
        fake.passes = 0;
        assertEquals("routes", failing(health.ready()));
        assertTrue(health.live().ok(), "readiness problems are not liveness problems");
    }

    @Test
    void aStalledRouteTableLoopIsNotLive() {
        fake.sinceLastPass = Duration.ofSeconds(181);
        Health.Report r = health.live();
        assertEquals("route_table_loop", failing(r));
        assertEquals(503, r.httpStatus());
    }

    @Test
    void aStuckSpeakerLoopFailsWithinTwoSecondsAndAgainAtOnce() {
        fake.speakerStuck = new CountDownLatch(1);
        long start = System.nanoTime();
        Health.Report r = health.live();
        assertEquals("bgp_loop", failing(r));
        assertTrue(r.checks().get(0).detail().contains("did not answer in 2 s"), r.toString());
        long first = System.nanoTime() - start;
        assertTrue(first < Duration.ofSeconds(4).toNanos());
        start = System.nanoTime();
        assertFalse(health.ready().ok());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "no second wait while stuck");
        fake.speakerStuck.countDown();
    }
}
