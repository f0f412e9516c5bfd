package io.podroute.netlink.ffi;

import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that an asynchronous component (the monitor, the loop) will bring about.
 * The bound is a generous liveness limit, not a performance assertion: timing is measured by the
 * benchmark, never by tests.
 */
public final class Eventually {
    private static final long LIMIT_MILLIS = 20_000;

    private Eventually() {}

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }
}
