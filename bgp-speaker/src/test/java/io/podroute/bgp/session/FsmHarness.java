package io.podroute.bgp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.EnhancedRouteRefreshCapability;
import io.podroute.bgp.codec.capability.ExtendedMessageCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.capability.RouteRefreshCapability;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Drives one {@link BgpPeer} with virtual time: the peer's event loop is that of {@link #clock} (time
 * frozen; {@link #advance} moves it), its connections are {@link TestChannel}s. Never sleeps.
 */
final class FsmHarness {
    static final long LOCAL_AS = 4_200_000_001L;
    static final long PEER_AS = 4_200_000_002L;
    static final int LOCAL_ID = 0x0AFF0001; // 10.255.0.1
    static final int PEER_ID_HIGHER = 0x0AFF0009;
    static final int PEER_ID_LOWER = 0x0AFF0000 | 0x00;
    static final LocalSpeaker LOCAL = new LocalSpeaker(LOCAL_AS, LOCAL_ID);

    final EmbeddedChannel clock = new EmbeddedChannel();
    final RecordingListener listener = new RecordingListener();
    final Deque<Object> connectResults = new ArrayDeque<>();
    final List<Long> connectTimes = new ArrayList<>();
    final List<TestChannel> outbound = new ArrayList<>();
    final BgpPeer peer;
    final List<TestChannel> channels = new ArrayList<>();
    long nowNanos;

    /** Every harness made by the current test, for {@link #releaseAll()}. */
    private static final List<FsmHarness> OPEN = new ArrayList<>();

    FsmHarness(PeerConfig config) {
        this(config, () -> 0L);
    }

    FsmHarness(PeerConfig config, RandomGenerator random) {
        OPEN.add(this);
        clock.freezeTime();
        Clock wall = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        peer = new BgpPeer(config, LOCAL, listener, this::connect, clock.eventLoop(), wall, random);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PeerConfig.Builder ebgp() {
        return PeerConfig.builder(addr("10.255.0.2"), PEER_AS);
    }

    private Future<Channel> connect(PeerConfig config, int ttl) {
        connectTimes.add(nowNanos);
        Object next = connectResults.poll();
        if (next instanceof TestChannel ch) {
            outbound.add(ch);
            return clock.eventLoop().newSucceededFuture(ch);
        }
        if (next instanceof PendingConnect pending) {
            return pending.promise;
        }
        return clock.eventLoop().newFailedFuture(new ConnectException("refused (test)"));
    }

    /** A connect attempt still under way: the test completes it ({@link #complete}) when it likes. */
    final class PendingConnect {
        final Promise<Channel> promise = clock.eventLoop().newPromise();

        /** The TCP handshake finished: the attempt hands over {@code ch}; false if it was cancelled. */
        boolean complete(TestChannel ch) {
            outbound.add(ch);
            return promise.trySuccess(ch);
        }
    }

    /** Queues a connect attempt that stays pending until the test completes it. */
    PendingConnect pendingConnect() {
        PendingConnect p = new PendingConnect();
        connectResults.add(p);
        return p;
    }

    /** Moves virtual time forward in steps of 100 ms, running what falls due. */
    void advance(double seconds) {
        long total = (long) (seconds * 1e9);
        long step = 100_000_000L;
        for (long done = 0; done < total; done += step) {
            long d = Math.min(step, total - done);
            clock.advanceTimeBy(d, TimeUnit.NANOSECONDS);
            nowNanos += d;
            run();
        }
    }

    void run() {
        clock.runPendingTasks();
    }

    /** An OPEN from the peer: 4-octet AS, IPv4 unicast, route refresh, graceful restart. */
    static OpenMessage peerOpen(long asn, int hold, int id, Capability... extra) {
        List<Capability> caps = new ArrayList<>();
        caps.add(new MultiprotocolCapability(Family.IPV4_UNICAST));
        caps.add(RouteRefreshCapability.INSTANCE);
        caps.add(EnhancedRouteRefreshCapability.INSTANCE);
        caps.add(new FourOctetAsCapability((int) asn));
        caps.add(new GracefulRestartCapability(
                0, 120, List.of(new GracefulRestartCapability.FamilyEntry(Family.IPV4_UNICAST, 0))));
        caps.addAll(List.of(extra));
        return OpenMessage.of(asn, hold, id, caps);
    }

    static OpenMessage peerOpen() {
        return peerOpen(PEER_AS, 90, PEER_ID_HIGHER);
    }

    static OpenMessage peerOpenExtended() {
        return peerOpen(PEER_AS, 90, PEER_ID_HIGHER, ExtendedMessageCapability.INSTANCE);
    }

    /** Writes {@code msg} as the peer would send it. */
    static void receive(EmbeddedChannel ch, BgpMessage msg) {
        ch.writeInbound(BgpCodec.encode(msg, CodecContext.MODERN, ByteBufAllocator.DEFAULT));
    }

    static void receiveBytes(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(ch.alloc().buffer().writeBytes(bytes));
    }

    /** Everything sent on {@code ch} since the last call, decoded. */
    static List<BgpMessage> sent(EmbeddedChannel ch) {
        List<BgpMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            try {
                while (buf.isReadable()) {
                    int len = buf.getUnsignedShort(buf.readerIndex() + 16);
                    ByteBuf one = buf.readSlice(len);
                    out.add(BgpCodec.decode(one, CodecContext.MODERN));
                }
            } finally {
                buf.release();
            }
        }
        return out;
    }

    static List<NotificationMessage> notifications(List<BgpMessage> msgs) {
        List<NotificationMessage> out = new ArrayList<>();
        for (BgpMessage m : msgs) {
            if (m instanceof NotificationMessage n) {
                out.add(n);
            }
        }
        return out;
    }

    /** A connection channel released with the harness. */
    TestChannel newChannel() {
        TestChannel ch = new TestChannel();
        channels.add(ch);
        return ch;
    }

    /**
     * Closes every channel of every harness of the test and releases what is still queued in them (the
     * tests read only what they assert on), so paranoid leak detection sees no leftovers.
     */
    static void releaseAll() {
        for (FsmHarness h : OPEN) {
            for (TestChannel ch : h.channels) {
                ch.finishAndReleaseAll();
            }
            h.clock.finishAndReleaseAll();
        }
        OPEN.clear();
    }

    /** Accepts a new channel as an inbound connection of a started peer. */
    TestChannel acceptInbound() {
        TestChannel ch = newChannel();
        peer.acceptInbound(ch);
        run();
        return ch;
    }

    /** A passive peer taken to Established over one inbound connection; the sent messages are consumed. */
    TestChannel establishInbound(OpenMessage open) {
        peer.start();
        run();
        TestChannel ch = acceptInbound();
        receive(ch, open);
        receive(ch, io.podroute.bgp.codec.message.KeepaliveMessage.INSTANCE);
        run();
        sent(ch);
        return ch;
    }
}
