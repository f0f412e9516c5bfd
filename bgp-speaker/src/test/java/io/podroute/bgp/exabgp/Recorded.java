package io.podroute.bgp.exabgp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The ExaBGP output recorded against BIRD 2 by {@code bgp-speaker/tools/record-exabgp-json.py}. */
final class Recorded {
    static final String SESSION = "/exabgp/bird2-session.jsonl";

    private Recorded() {}

    static List<String> lines() {
        try (InputStream in = Recorded.class.getResourceAsStream(SESSION)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + SESSION);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first recorded line containing every one of {@code needles}. */
    static String line(String... needles) {
        for (String l : lines()) {
            boolean all = true;
            for (String n : needles) {
                all &= l.contains(n);
            }
            if (all) {
                return l;
            }
        }
        throw new IllegalStateException("no recorded line with " + List.of(needles));
    }
}
