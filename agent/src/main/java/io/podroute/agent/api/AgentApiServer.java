package io.podroute.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.podroute.agent.serve.ApiServer;
import io.podroute.ops.health.Health;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's local API (docs/api.md): an {@link AgentView} as JSON over HTTP, read by {@code podroute
 * status}, {@code podroute routes} and {@code podroute ipam show}. Read-only and unauthenticated, so it
 * binds loopback addresses only. Each request calls the view on the server's one thread; a
 * {@link RuntimeException} from the view is answered 500 with its message.
 *
 * <pre>
 * GET /api/v1/status                      StatusView
 * GET /api/v1/routes                      [RouteView, ...]
 * GET /api/v1/routes/explain?prefix=P     RouteExplanation (400 for a malformed P)
 * GET /api/v1/ipam                        IpamView
 * GET /status                             the same as /api/v1/status
 * GET /healthz                            liveness: 200 or 503, each check with ok and detail
 * GET /readyz                             readiness: 200 or 503, each check with ok and detail
 * </pre>
 *
 * <p>A Kubernetes probe reaches the health endpoints with {@code hostNetwork: true} and {@code
 * httpGet: {host: 127.0.0.1, port: 7179, path: /readyz}} (docs/operations.md).
 */
public final class AgentApiServer implements AutoCloseable {
    /** Where the agent serves its API unless configured otherwise, and where the CLI looks for it. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:7179";

    static final String PREFIX = "/api/v1";
    private static final String ENDPOINTS = "/api/v1/status, /api/v1/routes, /api/v1/routes/explain?prefix=P,"
            + " /api/v1/ipam, /status, /healthz, /readyz";
    private static final Health NO_CHECKS = new Health(List.of(), List.of());

    private final ApiServer server;

    private AgentApiServer(ApiServer server) {
        this.server = server;
    }

    /**
     * Binds {@code address} (port 0: any free port) and serves {@code view} until {@link #close}.
     *
     * @throws IllegalArgumentException if {@code address} is not a loopback address
     * @throws RuntimeException from Netty if the address cannot be bound (e.g. in use)
     */
    public static AgentApiServer start(AgentView view, InetSocketAddress address) {
        return start(view, NO_CHECKS, address);
    }

    /** As {@link #start(AgentView, InetSocketAddress)}, with {@code /healthz} and {@code /readyz} from {@code health}. */
    public static AgentApiServer start(AgentView view, Health health, InetSocketAddress address) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(health, "health");
        requireLoopback(address);
        Endpoints endpoints = new Endpoints(view, health);
        return new AgentApiServer(ApiServer.start(address, endpoints::handle));
    }

    /** Refuses anything but 127.0.0.0/8 and ::1: the API has no authentication. */
    static void requireLoopback(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(
                    "the agent API address " + address.getHostString() + " is not an IP address; use 127.0.0.1");
        }
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing to serve the agent API on "
                    + address.getAddress().getHostAddress()
                    + ": it has no authentication, so it listens on a loopback address only (127.0.0.1 or ::1)");
        }
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Path to view call; runs on the server's thread. */
    private static final class Endpoints {
        private final AgentView view;
        private final Health health;

        Endpoints(AgentView view, Health health) {
            this.view = view;
            this.health = health;
        }

        ApiServer.Response handle(String path, Map<String, List<String>> query) {
            return switch (path) {
                case PREFIX + "/status", "/status" -> ok(ApiJson.tree(view.status()));
                case "/healthz" -> report(health.live());
                case "/readyz" -> report(health.ready());
                case PREFIX + "/routes" -> ok(ApiJson.tree(view.routes()));
                case PREFIX + "/routes/explain" -> explain(query.get("prefix"));
                case PREFIX + "/ipam" -> ok(ApiJson.tree(view.ipam()));
                default -> ApiServer.error(
                        HttpResponseStatus.NOT_FOUND, "no such endpoint " + path + " (try " + ENDPOINTS + ")");
            };
        }

        private ApiServer.Response explain(List<String> prefixes) {
            if (prefixes == null || prefixes.isEmpty()) {
                return ApiServer.error(
                        HttpResponseStatus.BAD_REQUEST,
                        "missing query parameter prefix (e.g. " + PREFIX + "/routes/explain?prefix=10.244.1.0/26)");
            }
            if (prefixes.size() > 1) {
                return ApiServer.error(HttpResponseStatus.BAD_REQUEST, "give one prefix, not " + prefixes.size());
            }
            String prefix;
            try {
                prefix = PrefixText.normalise(prefixes.get(0));
            } catch (IllegalArgumentException e) {
                return ApiServer.error(HttpResponseStatus.BAD_REQUEST, "prefix: " + e.getMessage());
            }
            return ok(ApiJson.tree(view.explain(prefix)));
        }

        private static ApiServer.Response report(Health.Report r) {
            return new ApiServer.Response(HttpResponseStatus.valueOf(r.httpStatus()), r.toJson());
        }

        private static ApiServer.Response ok(JsonNode body) {
            return new ApiServer.Response(HttpResponseStatus.OK, body);
        }
    }
}
