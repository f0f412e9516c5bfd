package io.podroute.agent.metrics;

import io.podroute.routes.reconcile.ApplyResult;
import io.podroute.routes.reconcile.PassListener;
import java.time.Duration;

/** Combines route table pass listeners. */
public final class PassListeners {
    private PassListeners() {}

    /** Tells {@code first}, then {@code second}, about every pass. */
    public static PassListener both(PassListener first, PassListener second) {
        return new PassListener() {
            @Override
            public void onPass(ApplyResult result, Duration took) {
                first.onPass(result, took);
                second.onPass(result, took);
            }

            @Override
            public void onPassFailed(Exception error) {
                first.onPassFailed(error);
                second.onPassFailed(error);
            }
        };
    }
}
