package io.podroute.agent.config;

import java.nio.file.Path;

/**
 * Reads the {@code bgp serve} YAML into {@link BgpServeConfig}, turning Jackson's errors into
 * {@code path: reason} lines (unknown fields, wrong types, values an enum or record refused); the
 * binding rules are {@link YamlBinding}'s, shared with the agent's file.
 */
public final class BgpServeConfigLoader {
    private static final String EMPTY = "the file is empty (asn, routerId and peers are required)";

    private BgpServeConfigLoader() {}

    /** Reads and binds {@code file}; relative paths inside it are resolved by the validator. */
    public static BgpServeConfig read(Path file) throws ConfigException {
        return parse(YamlBinding.readFile(file));
    }

    /** Binds YAML text. */
    public static BgpServeConfig parse(String yaml) throws ConfigException {
        return YamlBinding.bind(yaml, BgpServeConfig.class, EMPTY);
    }
}
