package io.podroute.agent.ipam;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * {@link Ipam}'s contract on an {@link EtcdDatastore} against a real etcd: each test gets its own key
 * prefix (its own empty "cluster") in one etcd started for the class, and every {@link #newStore()}
 * is a new connection, as separate agents would have.
 */
@Tag("integration")
class EtcdIpamIT extends IpamContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static EtcdServer etcd;

    private final String keyPrefix = "/contract" + PREFIXES.incrementAndGet() + "/";

    @BeforeAll
    static void startEtcd() throws Exception {
        EtcdServer.requireEtcd("EtcdIpamIT");
        etcd = EtcdServer.startNew();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Datastore newStore() throws DatastoreException {
        return EtcdDatastore.connect(etcd.endpoints(), keyPrefix, Duration.ofSeconds(5));
    }
}
