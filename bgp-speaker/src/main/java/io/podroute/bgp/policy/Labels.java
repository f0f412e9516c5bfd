package io.podroute.bgp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Enum constants by their YAML label: lower case, '-' for '_'. */
final class Labels {
    private Labels() {}

    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        List<String> labels = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String label = of(e);
            if (label.equalsIgnoreCase(text.trim())) {
                return e;
            }
            labels.add(label);
        }
        throw new IllegalArgumentException(
                "unknown value '" + text + "', expected one of " + String.join(", ", labels));
    }
}
