package io.podroute.agent.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Ages as the CLI prints them: {@code 3d4h}, {@code 2h05m}, {@code 3m12s}, {@code 9s}. */
final class Ages {
    private Ages() {}

    /** The time from {@code since} to {@code now}, or "-" for null; a time in the future counts as 0s. */
    static String since(Instant since, Instant now) {
        return since == null ? "-" : format(Duration.between(since, now));
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) {
            return (s / 86_400) + "d" + (s % 86_400 / 3600) + "h";
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
