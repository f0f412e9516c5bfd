package io.podroute.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the config writes them: one or more number-unit pairs ({@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 24h}, {@code 7d}, {@code 1h30m}) or ISO-8601 ({@code PT24H}, {@code P1D}).
 * A bare number is refused: its unit would be a guess.
 */
final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private DurationText() {}

    /** The duration, never negative; {@link IllegalArgumentException} with the reason otherwise. */
    static Duration parse(String text) {
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                throw invalid(text, e);
            }
            throw invalid(text, null);
        }
        Matcher m = PART.matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.lookingAt()) {
            d = d.plus(Duration.of(Long.parseLong(m.group(1)), unit(m.group(2))));
            end = m.end();
            m.region(end, t.length());
        }
        if (end == 0 || end != t.length()) {
            throw invalid(text, null);
        }
        return d;
    }

    /** {@code 90s} → "1m30s": the short form, for messages and docs. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            sb.append(d.toMillisPart()).append("ms");
        }
        return sb.toString();
    }

    private static ChronoUnit unit(String u) {
        return switch (u) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
    }

    private static IllegalArgumentException invalid(String text, Exception cause) {
        return new IllegalArgumentException(
                "'" + text + "' is not a duration (write e.g. 30s, 10m, 24h, 1h30m or PT24H)", cause);
    }
}
