package io.podroute.agent.ipam;

import java.nio.file.Path;

/**
 * The process {@link FileDatastoreTest#processKilledMidWriteLeavesAWholeFile} kills: writes to the
 * store given as the argument, as fast as it can, until killed.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {}

    public static void main(String[] args) throws Exception {
        try (FileDatastore store = FileDatastore.open(Path.of(args[0]))) {
            for (long i = 0; ; i++) {
                store.put("k" + (i % 10), "value " + i);
                store.put("counter", Long.toString(i));
            }
        }
    }
}
