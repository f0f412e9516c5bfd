package io.podroute.routes.reconcile;

import java.time.Duration;

/** Observes {@link RouteTableLoop} passes (metrics, tests). Called on the loop thread; must not block. */
public interface PassListener {
    /** A pass completed; per-item rejections are in the result. */
    void onPass(ApplyResult result, Duration took);

    /** A pass failed as a whole (e.g. a socket error); the loop retries after a resync. */
    default void onPassFailed(Exception error) {}
}
