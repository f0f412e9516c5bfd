package io.podroute.ops.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 listener on one Netty thread: codec, aggregation of requests up to a size, then the
 * caller's {@link ChannelHandler.Sharable} handler of {@code FullHttpRequest}s. Shared by the metrics
 * server and the agent's local API, which differ only in what they answer.
 */
public final class HttpListener implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private HttpListener(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code address} (port 0: any free port) and serves with {@code handler} until {@link #close}.
     *
     * @throws RuntimeException from Netty if the address cannot be bound (e.g. in use)
     */
    public static HttpListener start(InetSocketAddress address, ChannelHandler handler, int maxRequestBytes) {
        Objects.requireNonNull(handler, "handler");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline()
                                    .addLast(new HttpServerCodec(), new HttpObjectAggregator(maxRequestBytes), handler);
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
            return new HttpListener(group, ch);
        } catch (Exception e) { // also the BindException that Netty throws undeclared
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
