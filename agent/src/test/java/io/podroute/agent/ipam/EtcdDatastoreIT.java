package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link EtcdDatastore} against a real etcd: CAS semantics, listing, prefixes, watch, failures. */
@Tag("integration")
class EtcdDatastoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static EtcdServer etcd;

    private EtcdDatastore store;

    @BeforeAll
    static void startEtcd() throws Exception {
        EtcdServer.requireEtcd("EtcdDatastoreIT");
        etcd = EtcdServer.startNew();
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        etcd.start(); // a test that stopped it leaves it running for the next
    }

    private static EtcdDatastore connect(String prefix) throws DatastoreException {
        return EtcdDatastore.connect(etcd.endpoints(), prefix, TIMEOUT);
    }

    private static String freshPrefix() {
        return "/test" + PREFIXES.incrementAndGet() + "/";
    }

    @Test
    void createReplaceAndDeleteAreCompareAndSwap() throws Exception {
        store = connect(freshPrefix());
        assertTrue(store.create("blocks/a", "node1"));
        assertFalse(store.create("blocks/a", "node2"), "second create of the same key");
        KeyValue kv = store.get("blocks/a").orElseThrow();
        assertEquals("node1", kv.value());
        assertFalse(store.replace("blocks/a", kv.revision() - 1, "x"), "replace at a stale revision");
        assertTrue(store.replace("blocks/a", kv.revision(), "node2"));
        KeyValue replaced = store.get("blocks/a").orElseThrow();
        assertEquals("node2", replaced.value());
        assertTrue(replaced.revision() > kv.revision(), "revision grows with each write");
        assertFalse(store.delete("blocks/a", kv.revision()), "delete at a stale revision");
        assertTrue(store.delete("blocks/a", replaced.revision()));
        assertEquals(Optional.empty(), store.get("blocks/a"));
        assertFalse(store.replace("blocks/a", replaced.revision(), "x"), "replace of a missing key");
        assertFalse(store.delete("blocks/a", replaced.revision()), "delete of a missing key");
        store.put("nodes/n", "");
        store.put("nodes/n", "{\"name\":\"n\", \"ü\":1}");
        assertEquals(
                "{\"name\":\"n\", \"ü\":1}", store.get("nodes/n").orElseThrow().value());
    }

    @Test
    void listIsSortedAndStaysInsideThePrefix() throws Exception {
        store = connect(freshPrefix());
        for (String key : List.of("nodes/b", "nodes/a", "nodes/c", "nodesX", "node", "blocks/1")) {
            store.put(key, "v-" + key);
        }
        List<KeyValue> nodes = store.list("nodes/");
        assertEquals(
                List.of("nodes/a", "nodes/b", "nodes/c"),
                nodes.stream().map(KeyValue::key).toList());
        assertEquals("v-nodes/a", nodes.get(0).value());
        assertEquals(6, store.list("").size());
        assertEquals(List.of(), store.list("heartbeats/"));
    }

    @Test
    void anEmptyKeyPrefixListsTheWholeStore() throws Exception {
        String own = freshPrefix();
        store = connect(own);
        store.put("k", "v");
        try (EtcdDatastore whole = connect("")) {
            assertTrue(whole.list("").stream().anyMatch(kv -> kv.key().equals(own + "k")));
            assertEquals("v", whole.get(own + "k").orElseThrow().value());
        }
    }

    @Test
    void storesWithDifferentKeyPrefixesDoNotSeeEachOther() throws Exception {
        store = connect(freshPrefix());
        try (EtcdDatastore other = connect(freshPrefix())) {
            assertTrue(store.create("blocks/a", "one"));
            assertTrue(other.create("blocks/a", "two"), "same key, other prefix");
            assertEquals("one", store.get("blocks/a").orElseThrow().value());
            assertEquals("two", other.get("blocks/a").orElseThrow().value());
            assertEquals(1, store.list("").size());
            assertEquals(1, other.list("").size());
        }
    }

    @Test
    void watchFiresOnChangesUnderItsPrefixOnly() throws Exception {
        store = connect(freshPrefix());
        AtomicInteger changes = new AtomicInteger();
        Closeable watch = store.watch("nodes/", changes::incrementAndGet);
        try {
            store.put("nodes/a", "1");
            await("watch saw the put", () -> changes.get() >= 1);
            int seen = changes.get();
            store.put("blocks/x", "not watched");
            Thread.sleep(300);
            assertEquals(seen, changes.get(), "a change outside the prefix fired the watch");
            store.delete("nodes/a", store.get("nodes/a").orElseThrow().revision());
            await("watch saw the delete", () -> changes.get() > seen);
        } finally {
            watch.close();
        }
        int after = changes.get();
        store.put("nodes/b", "2");
        Thread.sleep(300);
        assertEquals(after, changes.get(), "closed watch still fired");
    }

    @Test
    void closeStopsWatchThreadsPromptly() throws Exception {
        store = connect(freshPrefix());
        store.watch("a/", () -> {});
        store.watch("b/", () -> {});
        assertEquals(2, watchThreads());
        long start = System.nanoTime();
        store.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, watchThreads(), "watch threads still alive after close()");
        assertTrue(millis < 1_000, "close() took " + millis + " ms");
        DatastoreException e = assertThrows(DatastoreException.class, () -> store.get("a/x"));
        assertFalse(e.unavailable(), e.getMessage());
    }

    @Test
    void watchSurvivesAnEtcdRestart() throws Exception {
        store = connect(freshPrefix());
        AtomicInteger changes = new AtomicInteger();
        store.watch("nodes/", changes::incrementAndGet);
        etcd.stop();
        etcd.start();
        await("onChange after the watch is re-established", () -> changes.get() >= 1);
        int seen = changes.get();
        putEventually("nodes/after-restart", "1");
        await("watch saw a change after the restart", () -> changes.get() > seen);
    }

    @Test
    void etcdDownAtStartIsAClearError() throws Exception {
        URI nothing = URI.create("http://127.0.0.1:" + EtcdServer.freePort());
        DatastoreException e =
                assertThrows(DatastoreException.class, () -> EtcdDatastore.connect(List.of(nothing), "/p/", TIMEOUT));
        assertTrue(e.unavailable(), e.getMessage());
        assertTrue(e.getMessage().contains(nothing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());

        URI other = URI.create("http://127.0.0.1:" + EtcdServer.freePort());
        DatastoreException both = assertThrows(
                DatastoreException.class, () -> EtcdDatastore.connect(List.of(nothing, other), "/p/", TIMEOUT));
        assertTrue(both.getMessage().contains(nothing.toString()), both.getMessage());
        assertTrue(both.getMessage().contains(other.toString()), both.getMessage());
    }

    @Test
    void aSilentServerTimesOutInsteadOfHanging() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            DatastoreException e = assertThrows(
                    DatastoreException.class,
                    () -> EtcdDatastore.connect(List.of(endpoint), "/p/", Duration.ofMillis(500)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.unavailable(), e.getMessage());
            assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
            assertTrue(millis < 2_000, "took " + millis + " ms with a 500 ms timeout");
        }
    }

    @Test
    void failsOverToTheNextEndpoint() throws Exception {
        URI nothing = URI.create("http://127.0.0.1:" + EtcdServer.freePort());
        store = EtcdDatastore.connect(List.of(nothing, etcd.clientUrl()), freshPrefix(), TIMEOUT);
        assertTrue(store.create("k", "v"));
        assertEquals("v", store.get("k").orElseThrow().value());
    }

    @Test
    void anErrorAnsweredByEtcdIsNotUnavailable() throws Exception {
        store = connect(freshPrefix());
        String huge = "x".repeat(1_600_000); // over etcd's 1.5 MiB request limit, under gRPC's 2 MiB
        DatastoreException e = assertThrows(DatastoreException.class, () -> store.put("big", huge));
        assertFalse(e.unavailable(), e.getMessage());
        assertEquals(
                "etcd " + etcd.clientUrl() + ": put big: HTTP 400: etcdserver: request is too large", e.getMessage());
    }

    @Test
    void etcdDownLaterFailsFastAndRecoversOnTheSameStore() throws Exception {
        store = connect(freshPrefix());
        store.put("nodes/a", "1");
        AtomicInteger changes = new AtomicInteger();
        store.watch("nodes/", changes::incrementAndGet);
        etcd.stop();
        long start = System.nanoTime();
        DatastoreException e = assertThrows(DatastoreException.class, () -> store.list("nodes/"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.unavailable(), e.getMessage());
        assertTrue(e.getMessage().contains("etcd " + etcd.clientUrl() + ": range nodes/: "), e.getMessage());
        assertTrue(millis <= TIMEOUT.toMillis() + 500, "took " + millis + " ms");
        assertThrows(DatastoreException.class, () -> store.create("nodes/b", "2"));
        Thread.sleep(1_500); // the watch retries meanwhile, without throwing
        assertEquals(1, watchThreads(), "the watch thread gave up");

        int before = changes.get();
        etcd.start();
        putEventually("nodes/b", "2");
        assertEquals(2, store.list("nodes/").size());
        await("watch back after etcd came back", () -> changes.get() > before);
    }

    /** Puts, retrying while etcd is still coming up (a restarted member may need a moment to lead). */
    private void putEventually(String key, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                store.put(key, value);
                return;
            } catch (DatastoreException e) {
                if (!e.unavailable() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("etcd-watch-") && t.isAlive())
                .count();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }
}
