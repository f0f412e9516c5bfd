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

/**
 * A GET against a read-only JSON API: that of {@code podroute bgp serve} or the agent's ({@link
 * Server}); every failure to get a JSON answer is an {@link ApiException} whose message is printed as is.
 */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** Which program serves the API: it words the messages. */
    enum Server {
        BGP_SERVE {
            @Override
            String unreachable(String shown, String why) {
                return "cannot reach the API (" + why + "); is `podroute bgp serve` running? tried " + shown;
            }

            @Override
            String notJson(String shown, int status) {
                return shown + " answered HTTP " + status + " without JSON; is that really `podroute bgp serve`?";
            }
        },
        AGENT {
            @Override
            String unreachable(String shown, String why) {
                return "cannot reach the podroute agent at " + shown + " (" + why + "); is `podroute agent` running?";
            }

            @Override
            String notJson(String shown, int status) {
                return shown + " answered HTTP " + status + " without JSON; is that really the podroute agent?";
            }
        };

        abstract String unreachable(String shown, String why);

        abstract String notJson(String shown, int status);
    }

    private final InetSocketAddress api;
    private final String shown;
    private final Server server;

    ApiClient(String apiText) {
        this(apiText, Server.BGP_SERVE);
    }

    ApiClient(String apiText, Server server) {
        this.server = server;
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
            throw new ApiException(server.unreachable(shown, why(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted while asking " + shown);
        }
        try {
            return new Reply(resp.statusCode(), JsonText.MAPPER.readTree(resp.body()));
        } catch (JsonProcessingException e) {
            throw new ApiException(server.notJson(shown, resp.statusCode()));
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
