package io.podroute.netlink.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void knownNumbersMapToConstants() {
        assertSame(Errno.EEXIST, Errno.valueOf(17));
        assertSame(Errno.ENETUNREACH, Errno.valueOf(101));
        assertEquals("ENODEV", Errno.valueOf(19).name());
        assertTrue(Errno.valueOf(1).isKnown());
    }

    @Test
    void unknownNumbersNeverThrow() {
        Errno e = Errno.valueOf(4242);
        assertEquals("E4242", e.name());
        assertFalse(e.isKnown());
    }

    @Test
    void exceptionsAreClassifiedByNumberNotText() {
        NetlinkException e = new NetlinkException(Errno.valueOf(3), "delete 10.0.0.0/24", "No such process");
        assertTrue(e.isNotFound());
        assertFalse(e.isExists());
        assertEquals("delete 10.0.0.0/24: ESRCH (3): No such process", e.getMessage());
        assertTrue(new NetlinkException(Errno.EPERM, "x").isPermission());
        assertTrue(new NetlinkException(Errno.valueOf(105), "x").isNoBuffers());
        assertFalse(new NetlinkException(Errno.EEXIST, "x").extAck().isPresent());
    }
}
