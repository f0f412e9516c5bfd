package io.podroute.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.agent.config.AddressText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A GET against the read-only API of {@code podroute bgp serve}; every failure is an {@link ApiException}. */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final InetSocketAddress api;
    private final String shown;

    ApiClient(String apiText) {
        try {
            this.api = AddressText.socket(apiText, 1);
        } catch (IllegalArgumentException e) {
            throw new ApiException("--api: " + e.getMessage());
        }
        this.shown = AddressText.format(api);
    }

    /** A response: HTTP status and the JSON body. */
    record Reply(int status, JsonNode body) {}

    Reply get(String pathAndQuery) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + shown + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        HttpResponse<String> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(
                    "cannot reach the API (" + why(e) + "); is `podroute bgp serve` running? tried " + shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted while asking " + shown);
        }
        try {
            return new Reply(resp.statusCode(), JsonText.MAPPER.readTree(resp.body()));
        } catch (JsonProcessingException e) {
            throw new ApiException(shown + " answered HTTP " + resp.statusCode()
                    + " without JSON; is that really `podroute bgp serve`?");
        }
    }

    /** "connection refused", "connect timed out", else the first message in the cause chain. */
    private static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connect timed out";
            }
            if (t instanceof ConnectException && t.getMessage() == null) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Why the API could not be asked; the message is printed as is. */
    static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ApiException(String message) {
            super(message);
        }
    }
}
