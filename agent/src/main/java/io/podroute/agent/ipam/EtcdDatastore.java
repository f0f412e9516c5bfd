package io.podroute.agent.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link Datastore} in etcd v3, spoken to through etcd's gRPC JSON gateway over plain HTTP/1.1: {@code
 * /v3/kv/range}, {@code /v3/kv/put}, {@code /v3/kv/txn}, {@code /v3/kv/deleterange} and the streaming
 * {@code /v3/watch}. Keys and values are base64 in the gateway's JSON; int64 fields are JSON strings.
 *
 * <p>Every key gets {@code keyPrefix} in front ({@code /podroute/} by default), so several clusters
 * (or tests) share one etcd without seeing each other. Conditional writes are single-key
 * transactions: create compares {@code create_revision = 0}, replace and delete compare {@code
 * mod_revision}; {@link KeyValue#revision()} is the key's {@code mod_revision}.
 *
 * <p>Invariants and threads: safe for concurrent use; each call is one HTTP request (see {@link
 * EtcdGateway} for failover and timeouts). Each {@link #watch} runs on its own daemon thread
 * ({@link EtcdWatch}); {@link #close()} stops them all and makes later watches fail fast.
 */
public final class EtcdDatastore implements Datastore {
    public static final String DEFAULT_KEY_PREFIX = "/podroute/";

    private final EtcdGateway gateway;
    private final String keyPrefix;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private EtcdDatastore(EtcdGateway gateway, String keyPrefix) {
        this.gateway = gateway;
        this.keyPrefix = keyPrefix;
    }

    /**
     * Connects to the first of {@code endpoints} that answers {@code GET /version}.
     *
     * @param keyPrefix put in front of every key ({@link #DEFAULT_KEY_PREFIX})
     * @param timeout for connecting and for each request on each endpoint
     * @throws DatastoreException (unavailable) naming every endpoint tried, if none answers
     */
    public static EtcdDatastore connect(List<URI> endpoints, String keyPrefix, Duration timeout)
            throws DatastoreException {
        EtcdGateway gateway = new EtcdGateway(endpoints, timeout);
        gateway.withFailover("version", endpoint -> {
            JsonNode version = gateway.get(endpoint, "/version");
            if (!version.has("etcdserver")) {
                throw new EtcdGateway.EndpointFailure("not etcd: GET /version answered " + version, false, null);
            }
            return version;
        });
        return new EtcdDatastore(gateway, keyPrefix);
    }

    @Override
    public String describe() {
        return "etcd " + gateway.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    @Override
    public Optional<KeyValue> get(String key) throws DatastoreException {
        ObjectNode body = EtcdGateway.object().put("key", EtcdGateway.base64(keyPrefix + key));
        JsonNode answer = post("get " + key, "/v3/kv/range", body);
        List<KeyValue> kvs = keyValues(answer.path("kvs"));
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    @Override
    public List<KeyValue> list(String prefix) throws DatastoreException {
        JsonNode answer = post("range " + prefix, "/v3/kv/range", prefixRange(prefix));
        List<KeyValue> kvs = keyValues(answer.path("kvs"));
        kvs.sort(Comparator.comparing(KeyValue::key));
        return kvs;
    }

    @Override
    public boolean create(String key, String value) throws DatastoreException {
        ObjectNode compare = compare(key, "CREATE", "create_revision", 0);
        return txn("create " + key, compare, putRequest(key, value));
    }

    @Override
    public boolean replace(String key, long expectedRevision, String value) throws DatastoreException {
        ObjectNode compare = compare(key, "MOD", "mod_revision", expectedRevision);
        return txn("replace " + key, compare, putRequest(key, value));
    }

    @Override
    public void put(String key, String value) throws DatastoreException {
        post("put " + key, "/v3/kv/put", putBody(key, value));
    }

    @Override
    public boolean delete(String key, long expectedRevision) throws DatastoreException {
        ObjectNode compare = compare(key, "MOD", "mod_revision", expectedRevision);
        ObjectNode request = EtcdGateway.object();
        request.putObject("request_delete_range").put("key", EtcdGateway.base64(keyPrefix + key));
        return txn("delete " + key, compare, request);
    }

    @Override
    public Closeable watch(String prefix, Runnable onChange) {
        ObjectNode create = EtcdGateway.object();
        create.set("create_request", prefixRange(prefix));
        EtcdWatch watch = new EtcdWatch(gateway, "watch " + prefix, create, onChange, watches::remove);
        watches.add(watch);
        if (closed) {
            watch.close();
            return watch;
        }
        watch.start();
        return watch;
    }

    @Override
    public void close() {
        closed = true;
        for (EtcdWatch watch : List.copyOf(watches)) {
            watch.close();
        }
    }

    @Override
    public String toString() {
        return describe() + " prefix " + keyPrefix;
    }

    /** {@code {"key":…,"range_end":…}} selecting every key that starts with {@code prefix}. */
    private ObjectNode prefixRange(String prefix) {
        byte[] start = (keyPrefix + prefix).getBytes(StandardCharsets.UTF_8);
        // etcd takes no empty key; key "\0" with range_end "\0" is every key.
        byte[] key = start.length == 0 ? new byte[] {0} : start;
        return EtcdGateway.object()
                .put("key", EtcdGateway.base64(key))
                .put("range_end", EtcdGateway.base64(rangeEnd(start)));
    }

    /** The end of the range of keys starting with {@code prefix}: the prefix with its last byte plus one. */
    static byte[] rangeEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if ((end[i] & 0xff) != 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0}; // every key ("\0" means "to the end" in etcd)
    }

    private JsonNode post(String op, String path, JsonNode body) throws DatastoreException {
        if (closed) {
            throw new DatastoreException(describe() + ": " + op + ": store closed", false);
        }
        return gateway.withFailover(op, endpoint -> gateway.post(endpoint, path, body));
    }

    private boolean txn(String op, ObjectNode compare, ObjectNode request) throws DatastoreException {
        ObjectNode body = EtcdGateway.object();
        body.putArray("compare").add(compare);
        body.putArray("success").add(request);
        // The gateway leaves out false booleans: a failed compare has no "succeeded" at all.
        return post(op, "/v3/kv/txn", body).path("succeeded").asBoolean(false);
    }

    private ObjectNode compare(String key, String target, String field, long revision) {
        return EtcdGateway.object()
                .put("key", EtcdGateway.base64(keyPrefix + key))
                .put("target", target)
                .put("result", "EQUAL")
                .put(field, Long.toString(revision));
    }

    private ObjectNode putBody(String key, String value) {
        return EtcdGateway.object()
                .put("key", EtcdGateway.base64(keyPrefix + key))
                .put("value", EtcdGateway.base64(value));
    }

    private ObjectNode putRequest(String key, String value) {
        ObjectNode request = EtcdGateway.object();
        request.set("request_put", putBody(key, value));
        return request;
    }

    private List<KeyValue> keyValues(JsonNode kvs) throws DatastoreException {
        List<KeyValue> out = new ArrayList<>();
        if (!(kvs instanceof ArrayNode array)) {
            return out;
        }
        for (JsonNode kv : array) {
            String key = EtcdGateway.unbase64(kv.get("key"));
            if (!key.startsWith(keyPrefix)) {
                throw new DatastoreException(describe() + ": key outside prefix " + keyPrefix + ": " + key, false);
            }
            long revision = kv.path("mod_revision").asLong(0);
            out.add(new KeyValue(key.substring(keyPrefix.length()), EtcdGateway.unbase64(kv.get("value")), revision));
        }
        return out;
    }
}
