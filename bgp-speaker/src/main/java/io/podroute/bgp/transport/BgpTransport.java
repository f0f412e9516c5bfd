package io.podroute.bgp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.podroute.bgp.session.BgpPeer;
import io.podroute.bgp.session.Connector;
import io.podroute.bgp.session.PeerConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BGP over TCP with Netty's native epoll transport: outgoing connections for {@link BgpPeer}s (it is
 * their {@link Connector}) and listening sockets that hand accepted connections to the configured peer
 * of their source address, refusing unknown sources.
 *
 * <p>Sockets: TCP_NODELAY; a write-buffer watermark of 64 KiB / 1 MiB (writability reported to the
 * session listener; the session resets a peer that lets more than {@link BgpPeer#MAX_QUEUED_BYTES}
 * queue up); the TTL of {@link PeerConfig#effectiveTtl}; GTSM's minimum TTL; TCP MD5 keys (on the
 * client socket for its peer, on each listening socket for all peers with a password); the source
 * address. Channels are handed over with auto-read off, so the session installs its handlers first.
 *
 * <p>Network namespaces: a socket belongs to the namespace of the thread that creates it, which for
 * Netty is the thread calling {@code connect()} / {@code bind()}. Both are called on {@code
 * socketExecutor} (the caller's thread by default); tests pass a thread that has entered a namespace.
 * The event loop can then serve the sockets from anywhere.
 *
 * <p>One event loop by default: peers, their timers and their sockets share it, so a peer's FSM
 * and its connections are always on the same thread.
 */
public final class BgpTransport implements Connector, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpTransport.class);
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 1024 * 1024);

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Executor socketExecutor;
    private final List<Channel> listeners = new ArrayList<>();
    private volatile Map<InetAddress, byte[]> passwords = Map.of();

    private BgpTransport(EventLoopGroup group, boolean ownsGroup, Executor socketExecutor) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.socketExecutor = socketExecutor;
    }

    /** A transport with its own single epoll event loop; sockets are created on the calling thread. */
    public static BgpTransport create() {
        return create(Runnable::run);
    }

    /** A transport with its own single epoll event loop; sockets are created on {@code socketExecutor}. */
    public static BgpTransport create(Executor socketExecutor) {
        Epoll.ensureAvailability();
        return new BgpTransport(new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()), true, socketExecutor);
    }

    /** A transport on an existing epoll group (not shut down by {@link #close()}). */
    public static BgpTransport on(EventLoopGroup group, Executor socketExecutor) {
        return new BgpTransport(group, false, socketExecutor);
    }

    /** The loop to run peers on. */
    public EventLoop eventLoop() {
        return group.next();
    }

    /**
     * Sets the TCP MD5 keys of all peers with a password (RFC 2385) on every listening socket, now and
     * for later ones. Keys are never logged.
     */
    public void setPasswords(Map<InetAddress, byte[]> keys) {
        Map<InetAddress, byte[]> copy = new HashMap<>();
        keys.forEach((a, k) -> copy.put(a, k.clone()));
        passwords = Map.copyOf(copy);
        synchronized (listeners) {
            for (Channel l : listeners) {
                l.config().setOption(EpollChannelOption.TCP_MD5SIG, passwords);
            }
        }
    }

    @Override
    public Future<Channel> connect(PeerConfig config, int ttl) {
        EventLoop loop = group.next();
        Promise<Channel> result = loop.newPromise();
        InetAddress remote = config.remoteAddress();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(() -> new EpollSocketChannel(family(remote)))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {}
                })
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis(config))
                .option(SocketOptions.ttl(remote), ttl)
                .remoteAddress(new InetSocketAddress(remote, config.remotePort()));
        if (config.minimumTtl() > 0) {
            b.option(SocketOptions.minTtl(remote), config.minimumTtl());
        }
        byte[] key = config.passwordBytes();
        if (key != null) {
            b.option(EpollChannelOption.TCP_MD5SIG, Map.of(remote, key));
        }
        if (config.sourceAddress() != null) {
            b.localAddress(new InetSocketAddress(config.sourceAddress(), 0));
        }
        socketExecutor.execute(() -> {
            ChannelFuture cf = b.connect();
            cf.addListener(f -> {
                if (!f.isSuccess()) {
                    result.tryFailure(f.cause());
                } else if (!result.trySuccess(cf.channel())) {
                    ChannelFuture unused = cf.channel().close(); // the session gave up on this attempt
                }
            });
        });
        return result;
    }

    /**
     * Listens on {@code address} (port 179 by default, any port for tests) and hands each accepted
     * connection to {@code peers.peerFor(source)}; a connection from an unknown source is closed at once.
     */
    public Future<Channel> listen(InetSocketAddress address, InboundPeers peers) {
        EventLoop loop = group.next();
        Promise<Channel> result = loop.newPromise();
        ServerBootstrap sb = new ServerBootstrap()
                .group(group, group)
                .channelFactory(() -> new EpollServerSocketChannel(family(address.getAddress())))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch, peers);
                    }
                });
        Map<InetAddress, byte[]> keys = passwords;
        if (!keys.isEmpty()) {
            sb.option(EpollChannelOption.TCP_MD5SIG, keys);
        }
        socketExecutor.execute(() -> {
            ChannelFuture cf = sb.bind(address);
            cf.addListener(f -> {
                if (f.isSuccess()) {
                    synchronized (listeners) {
                        listeners.add(cf.channel());
                    }
                    log.info("listening for BGP on {}", address);
                    result.trySuccess(cf.channel());
                } else {
                    result.tryFailure(f.cause());
                }
            });
        });
        return result;
    }

    private static void accept(Channel ch, InboundPeers peers) {
        InetAddress remote = unmapped(((InetSocketAddress) ch.remoteAddress()).getAddress());
        BgpPeer peer = peers.peerFor(remote);
        if (peer == null) {
            log.info("refusing BGP connection from {}: not a configured peer", remote.getHostAddress());
            ChannelFuture unused = ch.close();
            return;
        }
        try {
            SocketOptions.applyTtl(ch, remote, peer.outgoingTtl(), peer.config().minimumTtl());
        } catch (RuntimeException e) {
            log.warn("peer {}: cannot set TTL options, closing: {}", remote.getHostAddress(), e.toString());
            ChannelFuture unused = ch.close();
            return;
        }
        peer.acceptInbound(ch);
    }

    /** An IPv4 address for an IPv4-mapped IPv6 one (::ffff:a.b.c.d), else the address itself. */
    static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    private static SocketProtocolFamily family(InetAddress a) {
        return a instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    private static int connectTimeoutMillis(PeerConfig config) {
        return (int) Math.min(config.connectRetry().toMillis(), TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void close() {
        synchronized (listeners) {
            for (Channel l : listeners) {
                ChannelFuture unused = l.close();
            }
            listeners.clear();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
