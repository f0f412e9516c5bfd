package io.podroute.agent.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP transport to etcd v3's gRPC JSON gateway ({@code POST /v3/kv/range} etc.): endpoint failover,
 * timeouts, and turning every failure into a {@link DatastoreException} naming the endpoint and the
 * operation.
 *
 * <p>Invariants and threads: safe for concurrent use. The only mutable state is the index of the
 * preferred endpoint, moved on to the next endpoint after a connection failure; every request tries
 * each endpoint at most once, starting at the preferred one. A request never waits longer than
 * {@code timeout} per endpoint: connection refused, connect timeout and "no answer in time" mean
 * unavailable; an HTTP error with etcd's JSON error means etcd answered (not unavailable), except
 * gRPC codes UNAVAILABLE (14) and DEADLINE_EXCEEDED (4), which etcd uses for "no leader" and "request
 * timed out".
 */
final class EtcdGateway {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int GRPC_DEADLINE_EXCEEDED = 4;
    private static final int GRPC_UNAVAILABLE = 14;

    private final List<URI> endpoints;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicInteger preferred = new AtomicInteger();

    EtcdGateway(List<URI> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd: no endpoints");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    List<URI> endpoints() {
        return endpoints;
    }

    Duration timeout() {
        return timeout;
    }

    /** Answered by an etcd endpoint, or failed on one. */
    interface Call<T> {
        T on(URI endpoint) throws IOException, EndpointFailure;
    }

    /** A failure on one endpoint; {@code connection} failures make the caller try the next endpoint. */
    static final class EndpointFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean connection;

        EndpointFailure(String message, boolean connection, Throwable cause) {
            super(message, cause);
            this.connection = connection;
        }
    }

    /** Runs {@code call} on the preferred endpoint, then on the others after connection failures. */
    <T> T withFailover(String op, Call<T> call) throws DatastoreException {
        int start = preferred.get();
        List<String> failures = new ArrayList<>();
        Throwable last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (start + i) % endpoints.size();
            URI endpoint = endpoints.get(index);
            try {
                T result = call.on(endpoint);
                preferred.set(index);
                return result;
            } catch (EndpointFailure e) {
                if (!e.connection) {
                    throw new DatastoreException("etcd " + endpoint + ": " + op + ": " + e.getMessage(), false, e);
                }
                failures.add(endpoint + ": " + op + ": " + e.getMessage());
                last = e;
            } catch (IOException e) {
                failures.add(endpoint + ": " + op + ": " + describe(e));
                last = e;
            }
        }
        preferred.compareAndSet(start, (start + 1) % endpoints.size());
        throw new DatastoreException("etcd " + String.join("; ", failures), true, last);
    }

    /** {@code POST path} with a JSON body; the JSON answer, or a failure. */
    JsonNode post(URI endpoint, String path, JsonNode body) throws IOException, EndpointFailure {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        return answer(response.statusCode(), response.body());
    }

    /** {@code GET path}: the JSON answer, or a failure. */
    JsonNode get(URI endpoint, String path) throws IOException, EndpointFailure {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(timeout)
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        return answer(response.statusCode(), response.body());
    }

    /** Opens a streaming {@code POST path}; the body is read by the caller (watch). */
    InputStream stream(URI endpoint, String path, JsonNode body) throws IOException, EndpointFailure {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                answer(response.statusCode(), in.readNBytes(64 * 1024));
            }
            throw new EndpointFailure("HTTP " + response.statusCode(), false, null);
        }
        return response.body();
    }

    /** Sends, waiting at most the timeout for the response head (and for small bodies, the body). */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static JsonNode answer(int status, byte[] body) throws IOException, EndpointFailure {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            throw new EndpointFailure("HTTP " + status + ": " + text, false, e);
        }
        if (status == 200 && json != null && json.isObject() && !json.has("error")) {
            return json;
        }
        String message = json != null && json.hasNonNull("message")
                ? json.get("message").asText()
                : json != null && json.hasNonNull("error") ? json.get("error").asText() : String.valueOf(json);
        int code = json != null ? json.path("code").asInt(-1) : -1;
        boolean unavailable = code == GRPC_UNAVAILABLE || code == GRPC_DEADLINE_EXCEEDED || status == 503;
        throw new EndpointFailure("HTTP " + status + ": " + message, unavailable, null);
    }

    /** A short text for a connection-level failure: {@code connection refused}, {@code no answer within 5000 ms}. */
    static String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException && e.getMessage() != null) {
            return e.getMessage();
        }
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                // The JDK's client wraps a refused connect as ConnectException(null) <- ClosedChannelException.
                String m = t.getMessage();
                return m == null ? "connection refused" : m.toLowerCase(Locale.ROOT);
            }
            root = t;
        }
        if (root instanceof ClosedChannelException || root.getMessage() == null) {
            return "connection closed (" + root.getClass().getSimpleName() + ")";
        }
        return root.getMessage();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String unbase64(JsonNode node) {
        return node == null || node.isNull()
                ? ""
                : new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.UTF_8);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
