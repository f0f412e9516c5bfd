package io.podroute.netlink.ffi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The privilege gate: skip with a reason locally, fail in CI, run as root. */
class NetnsExtensionTest {
    @Test
    void rootRuns() {
        assertDoesNotThrow(() -> NetnsExtension.check(true, "true", "t"));
        assertDoesNotThrow(() -> NetnsExtension.check(true, null, "t"));
    }

    @Test
    void withoutRootItSkipsWithAReason() {
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> NetnsExtension.check(false, null, "t"));
        assertTrue(e.getMessage().contains("needs root"), e.getMessage());
    }

    @Test
    void withoutRootInCiItFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> NetnsExtension.check(false, "true", "t"));
        assertTrue(e.getMessage().contains("CI is set"), e.getMessage());
    }
}
