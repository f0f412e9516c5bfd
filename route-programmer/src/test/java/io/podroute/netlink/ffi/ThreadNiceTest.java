package io.podroute.netlink.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podroute.netlink.error.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadNiceTest {
    /** Field 19 of /proc/thread-self/stat: the calling thread's nice value as the kernel has it. */
    private static int kernelNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(after[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void changesTheCallingThreadOnlyNotTheProcess() throws Exception {
        int mine = kernelNice();
        AtomicReference<Errno> error = new AtomicReference<>();
        int[] seen = new int[2];
        Thread t = new Thread(() -> {
            seen[0] = kernelNice();
            error.set(ThreadNice.setCurrent(Math.max(mine, 7)));
            seen[1] = kernelNice();
        });
        t.start();
        t.join();
        assertNull(error.get());
        assertEquals(mine, seen[0], "a new thread starts with its creator's nice value");
        assertEquals(Math.max(mine, 7), seen[1]);
        assertEquals(mine, kernelNice(), "the other threads keep theirs");
    }

    @Test
    void refusesValuesOutsideTheRangeItCanSet() {
        assertThrows(IllegalArgumentException.class, () -> ThreadNice.setCurrent(20));
        assertThrows(IllegalArgumentException.class, () -> ThreadNice.setCurrent(-1));
    }
}
