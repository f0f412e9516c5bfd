package io.podroute.ops.http;

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
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link PrometheusRegistry} at {@code GET /metrics}: a one-thread Netty HTTP server, one
 * response per connection. Each request scrapes the registry on the server's thread (collectors that
 * read live state do so there, so a slow one delays only the scrape), and answers in the format the
 * {@code Accept} header asks for ({@link MetricsFormat}). Other paths are 404, other methods 405. A
 * collector that throws makes the scrape 500 with the message, logged.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    public static final String PATH = "/metrics";

    private final HttpListener listener;

    private MetricsServer(HttpListener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code address} (port 0: any free port) and serves {@code registry} until {@link #close}.
     *
     * @throws RuntimeException from Netty if the address cannot be bound (e.g. in use)
     */
    public static MetricsServer start(InetSocketAddress address, PrometheusRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new MetricsServer(HttpListener.start(address, new Handler(registry), MAX_REQUEST_BYTES));
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
        private final PrometheusRegistry registry;

        Handler(PrometheusRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse resp;
            if (!req.decoderResult().isSuccess()) {
                resp = text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
            } else if (!HttpMethod.GET.equals(req.method())) {
                resp = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n");
                resp.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            } else if (!PATH.equals(new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8).path())) {
                resp = text(HttpResponseStatus.NOT_FOUND, "metrics are at " + PATH + "\n");
            } else {
                resp = scrape(req.headers().get(HttpHeaderNames.ACCEPT));
            }
            resp.headers()
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }

        private FullHttpResponse scrape(String accept) {
            ExpositionFormatWriter writer = MetricsFormat.forAccept(accept);
            byte[] body;
            try {
                body = MetricsFormat.render(writer, registry.scrape());
            } catch (RuntimeException e) {
                LOG.warn("scrape failed; answering 500", e);
                return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed: " + e + "\n");
            }
            FullHttpResponse resp = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
            return resp;
        }

        private static FullHttpResponse text(HttpResponseStatus status, String message) {
            FullHttpResponse resp = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return resp;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug(
                    "metrics connection from {} failed; closing it",
                    ctx.channel().remoteAddress(),
                    cause);
            ChannelFuture unused = ctx.close();
        }
    }
}
