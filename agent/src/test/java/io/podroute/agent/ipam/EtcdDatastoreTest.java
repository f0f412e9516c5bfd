package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parts of {@link EtcdDatastore} that need no etcd. */
class EtcdDatastoreTest {
    @Test
    void rangeEndIsThePrefixWithItsLastByteIncremented() {
        assertArrayEquals(bytes("/podroute/nodes0"), EtcdDatastore.rangeEnd(bytes("/podroute/nodes/")));
        assertArrayEquals(new byte[] {'a', 'c'}, EtcdDatastore.rangeEnd(new byte[] {'a', 'b'}));
        assertArrayEquals(new byte[] {'b'}, EtcdDatastore.rangeEnd(new byte[] {'a', (byte) 0xff, (byte) 0xff}));
        assertArrayEquals(new byte[] {0}, EtcdDatastore.rangeEnd(new byte[] {(byte) 0xff}), "every key");
        assertArrayEquals(new byte[] {0}, EtcdDatastore.rangeEnd(new byte[0]), "every key");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
