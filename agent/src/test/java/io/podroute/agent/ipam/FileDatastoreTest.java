package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDatastoreTest {
    @TempDir
    Path dir;

    private FileDatastore open(Path file) {
        return new FileDatastore(file, Duration.ofMillis(20));
    }

    @Test
    void missingFileIsAnEmptyStoreAndReadsDoNotCreateIt() throws Exception {
        Path file = dir.resolve("a/b/ipam.json");
        try (FileDatastore s = open(file)) {
            assertTrue(s.get("x").isEmpty());
            assertEquals(List.of(), s.list(""));
            assertFalse(s.delete("x", 1));
            assertFalse(s.replace("x", 1, "v"));
            assertFalse(Files.exists(file));
            assertTrue(s.create("x", "v"));
            assertTrue(Files.exists(file), "the first write creates the file and its directories");
            assertEquals("file " + file, s.describe());
        }
    }

    @Test
    void createReplaceDeleteAreCompareAndSwap() throws Exception {
        try (FileDatastore s = open(dir.resolve("ipam.json"))) {
            assertTrue(s.create("k", "one"));
            assertFalse(s.create("k", "two"));
            KeyValue kv = s.get("k").orElseThrow();
            assertEquals(new KeyValue("k", "one", 1), kv);
            assertFalse(s.replace("k", kv.revision() + 1, "stale"));
            assertTrue(s.replace("k", kv.revision(), "two"));
            KeyValue replaced = s.get("k").orElseThrow();
            assertEquals("two", replaced.value());
            assertTrue(replaced.revision() > kv.revision());
            assertFalse(s.delete("k", kv.revision()), "an old revision never deletes");
            assertTrue(s.delete("k", replaced.revision()));
            assertTrue(s.get("k").isEmpty());
            assertFalse(s.delete("k", replaced.revision()));
            assertTrue(s.create("k", "again"));
            assertTrue(s.get("k").orElseThrow().revision() > replaced.revision(), "revisions never go back");
        }
    }

    @Test
    void putWritesWhateverTheStateAndRevisionsGrow() throws Exception {
        try (FileDatastore s = open(dir.resolve("ipam.json"))) {
            long last = 0;
            for (String key : List.of("a", "b", "a", "c", "a")) {
                s.put(key, "v" + last);
                long rev = s.get(key).orElseThrow().revision();
                assertTrue(rev > last);
                last = rev;
            }
            assertEquals("v4", s.get("a").orElseThrow().value());
        }
    }

    @Test
    void listReturnsThePrefixSortedByKey() throws Exception {
        try (FileDatastore s = open(dir.resolve("ipam.json"))) {
            for (String key : List.of("nodes/b", "blocks/2", "nodes/a", "nodesx", "blocks/1", "node")) {
                s.put(key, key.toUpperCase(java.util.Locale.ROOT));
            }
            assertEquals(
                    List.of("nodes/a", "nodes/b"),
                    s.list("nodes/").stream().map(KeyValue::key).toList());
            assertEquals("NODES/A", s.list("nodes/").get(0).value());
            assertEquals(6, s.list("").size());
        }
    }

    @Test
    void instancesOnOneFileSeeEachOthersWrites() throws Exception {
        Path file = dir.resolve("ipam.json");
        try (FileDatastore a = open(file);
                FileDatastore b = open(dir.resolve("./x/../ipam.json"))) {
            assertTrue(a.create("k", "a"));
            assertFalse(b.create("k", "b"));
            assertEquals("a", b.get("k").orElseThrow().value());
        }
    }

    @Test
    void corruptFileIsAnErrorNamingFileAndProblemAndIsNeverReset() throws Exception {
        Path file = dir.resolve("ipam.json");
        Files.writeString(file, "{\"revision\": 1,\n \"entries\": {\"k\": ", StandardCharsets.UTF_8);
        try (FileDatastore s = open(file)) {
            DatastoreException e = assertThrows(DatastoreException.class, () -> s.create("x", "v"));
            assertTrue(
                    e.getMessage().startsWith("file " + file + ": create x: corrupt store: invalid JSON at line 2"),
                    e.getMessage());
            assertFalse(e.unavailable());
            assertThrows(DatastoreException.class, () -> s.list(""));
            assertEquals("{\"revision\": 1,\n \"entries\": {\"k\": ", Files.readString(file, StandardCharsets.UTF_8));

            Files.writeString(file, "{\"revision\": 1, \"entries\": {\"k\": {\"value\": 3}}}", StandardCharsets.UTF_8);
            e = assertThrows(DatastoreException.class, () -> s.get("k"));
            assertTrue(
                    e.getMessage().contains("entry k: expected {\"value\": \"...\", \"revision\": N}"), e.getMessage());
            Files.writeString(file, "", StandardCharsets.UTF_8);
            e = assertThrows(DatastoreException.class, () -> s.get("k"));
            assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
        }
    }

    @Test
    void fileHasTheDocumentedForm() throws Exception {
        Path file = dir.resolve("ipam.json");
        try (FileDatastore s = open(file)) {
            s.put("blocks/10.244.0.0-26", "node1");
        }
        FileState state = FileState.parse(Files.readAllBytes(file));
        assertEquals(1, state.revision());
        String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\s", "");
        assertEquals(
                "{\"revision\":1,\"entries\":{\"blocks/10.244.0.0-26\":{\"value\":\"node1\",\"revision\":1}}}", text);
    }

    @Test
    void writesLeaveNoTemporaryFilesAndRemoveStaleOnes() throws Exception {
        Path file = dir.resolve("ipam.json");
        try (FileDatastore s = open(file)) {
            Files.writeString(dir.resolve(s.tempPrefix() + "123"), "half a wri", StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                s.put("k" + i, "v");
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("ipam.json", "ipam.json.lock"), names);
        }
    }

    @Test
    void watchFiresOnChangesUnderItsPrefixOnly() throws Exception {
        Path file = dir.resolve("ipam.json");
        try (FileDatastore watched = open(file);
                FileDatastore writer = open(file)) {
            writer.put("blocks/a", "x");
            Semaphore fired = new Semaphore(0);
            Closeable watch = watched.watch("blocks/", fired::release);
            writer.put("nodes/n", "unrelated");
            writer.put("blocksx", "unrelated");
            assertFalse(fired.tryAcquire(300, TimeUnit.MILLISECONDS), "no change under blocks/");
            writer.put("blocks/b", "y");
            assertTrue(fired.tryAcquire(5, TimeUnit.SECONDS), "a new key under blocks/");
            writer.delete("blocks/a", writer.get("blocks/a").orElseThrow().revision());
            assertTrue(fired.tryAcquire(5, TimeUnit.SECONDS), "a deleted key under blocks/");
            watch.close();
            fired.drainPermits();
            writer.put("blocks/c", "z");
            assertFalse(fired.tryAcquire(300, TimeUnit.MILLISECONDS), "a closed watch is quiet");
        }
    }

    @Test
    void watchReportsRecoveryFromACorruptFile() throws Exception {
        Path file = dir.resolve("ipam.json");
        try (FileDatastore s = open(file)) {
            s.put("blocks/a", "x");
            Semaphore fired = new Semaphore(0);
            s.watch("blocks/", fired::release);
            byte[] good = Files.readAllBytes(file);
            Files.writeString(file, "{oops", StandardCharsets.UTF_8);
            assertFalse(fired.tryAcquire(300, TimeUnit.MILLISECONDS));
            Files.write(file, good);
            assertTrue(fired.tryAcquire(5, TimeUnit.SECONDS), "re-established watches fire once");
        }
    }

    @Test
    void processKilledMidWriteLeavesAWholeFile() throws Exception {
        Path file = dir.resolve("ipam.json");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int round = 0; round < 3; round++) {
            Process writer = new ProcessBuilder(List.of(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            StoreWriterMain.class.getName(),
                            file.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (FileDatastore s = open(file)) {
                long start = s.get("counter").map(KeyValue::revision).orElse(0L);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long target = start + 40; // the new process has written 20 versions and is writing on
                while (s.get("counter").map(KeyValue::revision).orElse(0L) < target) {
                    assertTrue(writer.isAlive() && System.nanoTime() < deadline, "the writer stopped early");
                    Thread.sleep(2);
                }
                writer.destroyForcibly(); // SIGKILL, most likely in the middle of a write
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
                FileState state = FileState.parse(Files.readAllBytes(file)); // whole, whatever the moment
                assertTrue(state.revision() >= target);
                s.put("after", "kill"); // takes the lock the dead process held, removes its temporary file
            } finally {
                writer.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "only the store and its lock file");
        }
    }

    @Test
    void closedStoreRefusesOperations() throws Exception {
        FileDatastore s = open(dir.resolve("ipam.json"));
        s.close();
        s.close();
        DatastoreException e = assertThrows(DatastoreException.class, () -> s.get("k"));
        assertTrue(e.getMessage().endsWith("get k: store is closed"), e.getMessage());
    }
}
