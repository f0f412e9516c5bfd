package io.podroute.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates {@code datastore}: a JSON file (the default) or etcd endpoints and key prefix, and the
 * timeout of every request. A block of the kind not chosen is an error rather than silently unused.
 */
final class DatastoreValidator {
    static final String DEFAULT_FILE = "/var/lib/podroute/ipam.json";
    static final String DEFAULT_ETCD_PREFIX = "/podroute/";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Fields fields;
    private final Problems problems;

    DatastoreValidator(Fields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    /** The store, or null when a field is invalid (the reasons are in {@link Problems}). */
    AgentSetup.Store validate(AgentConfig.Datastore d) {
        AgentConfig.Datastore ds = d == null ? new AgentConfig.Datastore(null, null, null, null) : d;
        int before = problems.size();
        AgentSetup.Store.Kind kind = kind(ds.type());
        Path file = null;
        List<URI> endpoints = List.of();
        String prefix = null;
        if (kind == AgentSetup.Store.Kind.FILE) {
            file = fields.path(ds.file(), DEFAULT_FILE, "datastore.file");
            if (ds.etcd() != null) {
                problems.add("datastore.etcd", "only used when datastore.type is etcd");
            }
        } else if (kind == AgentSetup.Store.Kind.ETCD) {
            if (ds.file() != null) {
                problems.add("datastore.file", "only used when datastore.type is file");
            }
            AgentConfig.Etcd etcd = ds.etcd() == null ? new AgentConfig.Etcd(null, null) : ds.etcd();
            endpoints = endpoints(etcd.endpoints());
            prefix = prefix(etcd.prefix());
        }
        Duration timeout = fields.duration(
                ds.timeout(), DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5), "datastore.timeout");
        if (problems.size() > before) {
            return null;
        }
        return new AgentSetup.Store(kind, file, endpoints, prefix, timeout);
    }

    private AgentSetup.Store.Kind kind(String type) {
        if (type == null) {
            return AgentSetup.Store.Kind.FILE;
        }
        return switch (type.strip().toLowerCase(Locale.ROOT)) {
            case "file" -> AgentSetup.Store.Kind.FILE;
            case "etcd" -> AgentSetup.Store.Kind.ETCD;
            default -> {
                problems.add("datastore.type", "'" + type + "' is not file or etcd");
                yield null;
            }
        };
    }

    private List<URI> endpoints(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            problems.add("datastore.etcd.endpoints", "required when datastore.type is etcd");
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String at = "datastore.etcd.endpoints[" + i + "]";
            String text = texts.get(i);
            URI uri = endpoint(text, at);
            if (uri == null) {
                continue;
            }
            if (out.contains(uri)) {
                problems.add(at, "'" + text + "' is listed twice");
                continue;
            }
            out.add(uri);
        }
        return out;
    }

    private URI endpoint(String text, String at) {
        String example = " (e.g. http://10.0.0.1:2379)";
        if (text == null) {
            problems.add(at, "is empty" + example);
            return null;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            problems.add(at, "'" + text + "' is not a URI" + example);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add(at, "'" + text + "' must start with http:// or https://");
        } else if (uri.getHost() == null || uri.getPort() < 0) {
            problems.add(at, "'" + text + "' needs a host and a port" + example);
        } else if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))) {
            problems.add(at, "'" + text + "' must have no path, query or user info" + example);
        } else {
            return uri;
        }
        return null;
    }

    private String prefix(String text) {
        if (text == null) {
            return DEFAULT_ETCD_PREFIX;
        }
        if (text.isEmpty() || !text.endsWith("/") || text.chars().anyMatch(Character::isWhitespace)) {
            problems.add(
                    "datastore.etcd.prefix",
                    "'" + text
                            + "' must end with '/' and hold no whitespace (keys are written as PREFIX + blocks/...)");
            return null;
        }
        return text;
    }
}
