package io.podroute.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects {@code path: reason} errors while a config is validated, so that all are reported at once. */
final class Problems {
    private final List<String> errors = new ArrayList<>();

    void add(String path, String reason) {
        errors.add(path + ": " + reason);
    }

    /** An error whose message already starts with its path (e.g. a {@code PolicyConfigException}). */
    void addMessage(String message) {
        errors.add(message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
