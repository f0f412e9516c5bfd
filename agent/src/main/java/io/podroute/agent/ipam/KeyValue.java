package io.podroute.agent.ipam;

import java.util.Objects;

/**
 * One entry of a {@link Datastore}.
 *
 * @param key the key, without the store's own prefix
 * @param value the value (UTF-8 text, JSON for records)
 * @param revision the store revision of the entry's last write, for compare-and-swap
 */
public record KeyValue(String key, String value, long revision) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
