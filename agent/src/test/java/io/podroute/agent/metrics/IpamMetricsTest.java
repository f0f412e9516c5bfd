package io.podroute.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.agent.api.IpamView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IpamMetricsTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final IpamMetrics metrics = new IpamMetrics(
            () -> {
                if (failing.get()) {
                    throw new IllegalStateException("etcd down");
                }
                int n = reads.incrementAndGet();
                return new IpamView("file x", List.of(new IpamView.PoolUsage("10.244.0.0/16", 26, 1024, n)), List.of());
            },
            reachable::get,
            clock);

    @Test
    void poolsAreReadAtMostEveryThirtySeconds() {
        String t = Scrape.text(metrics);
        assertEquals(1024, Scrape.value(t, "podroute_ipam_pool_blocks{pool=\"10.244.0.0/16\"}"));
        assertEquals(1, Scrape.value(t, "podroute_ipam_pool_blocks_allocated{pool=\"10.244.0.0/16\"}"));
        assertEquals(1, Scrape.value(t, "podroute_datastore_up"));
        now = now.plus(Duration.ofSeconds(29));
        metrics.collect();
        assertEquals(1, reads.get(), "cached");
        now = now.plus(Duration.ofSeconds(1));
        t = Scrape.text(metrics);
        assertEquals(2, reads.get());
        assertEquals(2, Scrape.value(t, "podroute_ipam_pool_blocks_allocated{pool=\"10.244.0.0/16\"}"));
    }

    @Test
    void aFailedReadKeepsTheLastValuesAndTheDatastoreShowsDown() {
        metrics.collect();
        failing.set(true);
        reachable.set(false);
        now = now.plus(Duration.ofMinutes(1));
        String t = Scrape.text(metrics);
        assertEquals(1, Scrape.value(t, "podroute_ipam_pool_blocks_allocated{pool=\"10.244.0.0/16\"}"));
        assertEquals(0, Scrape.value(t, "podroute_datastore_up"));
    }
}
