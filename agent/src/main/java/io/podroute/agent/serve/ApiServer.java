package io.podroute.agent.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.podroute.ops.http.HttpListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only HTTP JSON server, used by the API of {@code bgp serve} and by the agent's local API
 * ({@code io.podroute.agent.api.AgentApiServer}): a one-thread Netty server with the HTTP codec, GET
 * only (405 with {@code Allow: GET} otherwise), one response per connection (closed after it).
 * Requests are answered by {@link Routes}, which may block briefly (it waits for the speaker's loop);
 * that blocks only this server's thread. A {@link RuntimeException} from the routes is answered 500
 * with its message as {@code {"error": ...}}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    /** Answers one GET: path and decoded query parameters to a status and a JSON body. */
    public interface Routes {
        Response handle(String path, Map<String, List<String>> query);
    }

    /** A status and a JSON body (an object or, for a list, an array). */
    public record Response(HttpResponseStatus status, JsonNode body) {}

    private final HttpListener listener;

    private ApiServer(HttpListener listener) {
        this.listener = listener;
    }

    /** Binds {@code address} (port 0: any free port) and serves until {@link #close}. */
    public static ApiServer start(InetSocketAddress address, Routes routes) {
        return new ApiServer(HttpListener.start(address, new Handler(routes), MAX_REQUEST_BYTES));
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return listener.address();
    }

    @Override
    public void close() {
        listener.close();
    }

    @ChannelHandler.Sharable
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Routes routes;

        Handler(Routes routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Response r;
            if (!req.decoderResult().isSuccess()) {
                r = error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            } else if (!HttpMethod.GET.equals(req.method())) {
                r = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "the API is read-only: GET only");
            } else {
                QueryStringDecoder q = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
                try {
                    r = routes.handle(q.path(), q.parameters());
                } catch (RuntimeException e) {
                    log.warn("API request {} failed; answering 500", q.path(), e);
                    r = error(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
            byte[] body;
            try {
                body = MAPPER.writeValueAsBytes(r.body());
            } catch (JsonProcessingException e) {
                body = "{\"error\":\"cannot encode the response\"}".getBytes(StandardCharsets.UTF_8);
            }
            FullHttpResponse resp =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(), Unpooled.wrappedBuffer(body));
            resp.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (r.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
                resp.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            }
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("API connection from {} failed; closing it", ctx.channel().remoteAddress(), cause);
            ChannelFuture unused = ctx.close();
        }
    }

    /** {@code {"error": message}} with {@code status}. */
    public static Response error(HttpResponseStatus status, String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        return new Response(status, o);
    }
}
