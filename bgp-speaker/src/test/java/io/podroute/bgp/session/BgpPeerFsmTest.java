package io.podroute.bgp.session;

import static io.podroute.bgp.session.FsmHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.BgpChannelAttributes;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.KeepaliveMessage;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RFC 4271 §8 FSM on embedded channels with virtual time. */
class BgpPeerFsmTest {
    @AfterEach
    void release() {
        FsmHarness.releaseAll();
    }

    private static PeerConfig passive() {
        return ebgp().passive(true).build();
    }

    private static NotificationMessage onlyNotification(List<BgpMessage> msgs) {
        List<NotificationMessage> n = notifications(msgs);
        assertEquals(1, n.size(), "exactly one NOTIFICATION in " + msgs);
        return n.get(0);
    }

    private static void assertCode(NotificationCode code, NotificationMessage n) {
        assertEquals(code.code() + "/" + code.subcode(), n.code() + "/" + n.subcode(), n.toString());
    }

    @Test
    void passivePeerReachesEstablishedOverOpenExchange() {
        FsmHarness h = new FsmHarness(passive());
        h.peer.start();
        h.run();
        assertEquals(SessionState.ACTIVE, h.peer.state());
        TestChannel ch = h.acceptInbound();
        assertEquals(SessionState.OPEN_SENT, h.peer.state());
        OpenMessage ours = (OpenMessage) sent(ch).get(0);
        assertEquals(OpenMessage.AS_TRANS, ours.myAs());
        assertEquals(LOCAL_AS, ours.effectiveAs());
        assertEquals(90, ours.holdTime());
        assertEquals(LOCAL_ID, ours.bgpIdentifier());
        assertNotNull(ours.capability(GracefulRestartCapability.class), "graceful restart on by default");
        assertEquals(
                Family.IPV4_UNICAST,
                ours.capability(MultiprotocolCapability.class).family());

        receive(ch, peerOpen(PEER_AS, 60, PEER_ID_HIGHER));
        h.run();
        assertEquals(SessionState.OPEN_CONFIRM, h.peer.state());
        assertEquals(List.of(KeepaliveMessage.INSTANCE), sent(ch));
        receive(ch, KeepaliveMessage.INSTANCE);
        h.run();
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertEquals(List.of("established"), h.listener.events);
        assertEquals(PEER_AS, h.listener.peer.remoteAs());
        assertEquals(LOCAL_AS, h.listener.peer.localAs());
        assertEquals(PeerType.EBGP, h.listener.peer.type());
        assertEquals(PEER_ID_HIGHER, h.listener.peer.routerId());
        assertEquals(60, h.listener.negotiated.holdTime(), "hold time = min(90, 60)");
        assertEquals(20, h.listener.negotiated.keepaliveTime());
        assertTrue(h.listener.negotiated.gracefulRestart());
        assertEquals(1, h.peer.stats().establishedTransitions());
        assertEquals(Duration.ZERO, h.peer.stats().uptime());
        assertEquals(
                List.of(
                        SessionState.ACTIVE,
                        SessionState.OPEN_SENT,
                        SessionState.OPEN_CONFIRM,
                        SessionState.ESTABLISHED),
                h.listener.states);
    }

    @Test
    void activePeerConnectsAndEstablishes() {
        FsmHarness h = new FsmHarness(ebgp().build());
        TestChannel ch = h.newChannel();
        h.connectResults.add(ch);
        h.peer.start();
        h.run();
        assertEquals(SessionState.OPEN_SENT, h.peer.state());
        assertInstanceOf(OpenMessage.class, sent(ch).get(0));
        receive(ch, peerOpen());
        receive(ch, KeepaliveMessage.INSTANCE);
        h.run();
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertEquals(1, h.connectTimes.size());
    }

    @Test
    void updatesAreDeliveredOnlyInEstablished() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        UpdateMessage eor = UpdateMessage.endOfRib(Family.IPV4_UNICAST);
        receive(ch, eor);
        receive(ch, RouteRefreshMessage.request(Family.IPV4_UNICAST));
        h.run();
        assertEquals(List.of("established", "update", "refresh"), h.listener.events);
        assertEquals(Family.IPV4_UNICAST, h.listener.updates.get(0).endOfRibFamily());
        assertEquals(1, h.peer.stats().updatesIn());
        assertTrue(h.peer.send(UpdateMessage.endOfRib(Family.IPV4_UNICAST)));
        h.run();
        assertEquals(List.of(eor), sent(ch));
        assertEquals(1, h.peer.stats().updatesOut());
    }

    @Test
    void holdTimerExpirySendsHoldTimerExpiredAndHalfCloses() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        h.advance(89.9);
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        sent(ch); // keepalives
        h.advance(0.2);
        NotificationMessage n = onlyNotification(sent(ch));
        assertCode(NotificationCode.HOLD_TIMER_EXPIRED, n);
        assertTrue(ch.isOutputShutdown(), "half-closed after the NOTIFICATION");
        assertTrue(ch.isOpen(), "still draining");
        assertEquals(List.of("established", "down HOLD_TIMER_EXPIRED gr=false"), h.listener.events);
        assertEquals(SessionState.IDLE, h.peer.state());
        h.advance(BgpPeer.DRAIN_SECONDS + 0.1);
        assertFalse(ch.isOpen(), "closed after the drain time");
        assertEquals(n, h.peer.stats().lastNotificationSent());
        assertEquals(1, h.peer.stats().flaps());
    }

    @Test
    void keepalivesEveryThirdOfHoldTimeAndKeepalivesRestartHold() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        h.advance(30.05);
        assertEquals(List.of(KeepaliveMessage.INSTANCE), sent(ch));
        h.advance(30);
        assertEquals(List.of(KeepaliveMessage.INSTANCE), sent(ch));
        for (int i = 0; i < 5; i++) {
            receive(ch, KeepaliveMessage.INSTANCE);
            h.run();
            h.advance(80);
        }
        assertEquals(SessionState.ESTABLISHED, h.peer.state(), "each KEEPALIVE restarts the hold timer");
        assertTrue(notifications(sent(ch)).isEmpty());
    }

    @Test
    void tricklingPeerIsDroppedAtHoldExpiry() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        byte[] update = new byte[23];
        java.util.Arrays.fill(update, 0, 16, (byte) 0xFF);
        update[17] = 23;
        update[18] = 2;
        // one byte every 4 s: bytes keep coming, but no message is ever complete within 90 s
        for (int i = 0; i < 22; i++) {
            receiveBytes(ch, new byte[] {update[i]});
            h.advance(4);
        }
        h.advance(3);
        assertCode(NotificationCode.HOLD_TIMER_EXPIRED, onlyNotification(sent(ch)));
        assertEquals(TransitionReason.HOLD_TIMER_EXPIRED, h.listener.downReason);
    }

    @Test
    void decodeErrorGivesExactlyOneNotificationWithCodecCodeAndData() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        byte[] bad = new byte[19];
        java.util.Arrays.fill(bad, 0, 16, (byte) 0xFF);
        bad[16] = 0x7F; // length 32512 > 4096
        bad[17] = (byte) 0xFF;
        bad[18] = 4;
        receiveBytes(ch, bad);
        receiveBytes(ch, bad);
        h.run();
        NotificationMessage n = onlyNotification(sent(ch));
        assertCode(NotificationCode.BAD_MESSAGE_LENGTH, n);
        assertEquals("7fff", HexFormat.of().formatHex(n.data()));
        assertTrue(ch.isOutputShutdown());
        assertEquals(TransitionReason.DECODE_ERROR, h.listener.downReason);
        assertFalse(h.listener.downGraceful, "a NOTIFICATION ends graceful restart");
    }

    @Test
    void finFromPeerEndsSessionAtOnceWithGracefulRestart() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        var unused = ch.close();
        h.run();
        assertEquals(List.of("established", "down TCP_CLOSED gr=true"), h.listener.events);
        assertEquals(SessionState.ACTIVE, peerStateAfterRestart(h));
    }

    private static SessionState peerStateAfterRestart(FsmHarness h) {
        assertEquals(SessionState.IDLE, h.peer.state());
        h.advance(31);
        return h.peer.state();
    }

    @Test
    void finWithoutGracefulRestartRemovesRoutes() {
        FsmHarness h =
                new FsmHarness(ebgp().passive(true).gracefulRestart(false).build());
        TestChannel ch = h.establishInbound(peerOpen());
        var unused = ch.close();
        h.run();
        assertEquals(List.of("established", "down TCP_CLOSED gr=false"), h.listener.events);
    }

    @Test
    void updateInOpenSentIsFsmError51() {
        FsmHarness h = new FsmHarness(passive());
        h.peer.start();
        TestChannel ch = h.acceptInbound();
        sent(ch);
        receive(ch, UpdateMessage.endOfRib(Family.IPV4_UNICAST));
        h.run();
        assertCode(NotificationCode.FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT, onlyNotification(sent(ch)));
        assertTrue(h.listener.updates.isEmpty());
    }

    @Test
    void updateInOpenConfirmIsFsmError52AndNotDelivered() {
        FsmHarness h = new FsmHarness(passive());
        h.peer.start();
        TestChannel ch = h.acceptInbound();
        receive(ch, peerOpen());
        h.run();
        sent(ch);
        receive(ch, UpdateMessage.endOfRib(Family.IPV4_UNICAST));
        h.run();
        assertCode(NotificationCode.FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM, onlyNotification(sent(ch)));
        assertTrue(h.listener.updates.isEmpty());
        assertTrue(h.listener.events.isEmpty(), "never Established: " + h.listener.events);
    }

    @Test
    void openInEstablishedIsFsmError53() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        receive(ch, peerOpen());
        h.run();
        assertCode(NotificationCode.FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED, onlyNotification(sent(ch)));
        assertEquals(TransitionReason.FSM_ERROR, h.listener.downReason);
    }

    private static NotificationMessage openRejection(PeerConfig config, OpenMessage open) {
        FsmHarness h = new FsmHarness(config);
        h.peer.start();
        TestChannel ch = h.acceptInbound();
        sent(ch);
        receive(ch, open);
        h.run();
        assertNotEquals(SessionState.OPEN_CONFIRM, h.peer.state());
        assertTrue(h.listener.events.isEmpty());
        return onlyNotification(sent(ch));
    }

    @Test
    void peerAsMismatchIsBadPeerAs() {
        assertCode(NotificationCode.BAD_PEER_AS, openRejection(passive(), peerOpen(PEER_AS + 1, 90, PEER_ID_HIGHER)));
    }

    @Test
    void asTransWithoutFourOctetCapabilityIsBadPeerAs() {
        OpenMessage open = new OpenMessage(
                4,
                OpenMessage.AS_TRANS,
                90,
                PEER_ID_HIGHER,
                List.of(List.of(new MultiprotocolCapability(Family.IPV4_UNICAST))),
                false);
        assertCode(NotificationCode.BAD_PEER_AS, openRejection(passive(), open));
    }

    @Test
    void twoOctetPeerWithMatchingAsIsAccepted() {
        PeerConfig c = ebgp().remoteAs(65002).passive(true).build();
        OpenMessage open = new OpenMessage(
                4,
                65002,
                90,
                PEER_ID_HIGHER,
                List.of(List.of(new MultiprotocolCapability(Family.IPV4_UNICAST))),
                false);
        FsmHarness h = new FsmHarness(c);
        TestChannel ch = h.establishInbound(open);
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertFalse(ch.attr(BgpChannelAttributes.RECEIVE).get().fourOctetAs(), "2-octet AS_PATH from this peer");
        assertFalse(ch.attr(BgpChannelAttributes.SEND).get().fourOctetAs());
    }

    @Test
    void ibgpPeerWithOurIdentifierIsBadBgpIdentifier() {
        PeerConfig c = ebgp().remoteAs(LOCAL_AS).passive(true).build();
        assertCode(NotificationCode.BAD_BGP_IDENTIFIER, openRejection(c, peerOpen(LOCAL_AS, 90, LOCAL_ID)));
    }

    @Test
    void ebgpPeerMayShareOurIdentifier() {
        FsmHarness h = new FsmHarness(passive());
        h.establishInbound(peerOpen(PEER_AS, 90, LOCAL_ID));
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
    }

    @Test
    void holdTimeOneOrTwoIsUnacceptable() {
        for (int hold : new int[] {1, 2}) {
            FsmHarness h = new FsmHarness(passive());
            h.peer.start();
            TestChannel ch = h.acceptInbound();
            sent(ch);
            io.netty.buffer.ByteBuf b = io.podroute.bgp.codec.BgpCodec.encode(
                    peerOpen(PEER_AS, 90, PEER_ID_HIGHER),
                    CodecContext.MODERN,
                    io.netty.buffer.ByteBufAllocator.DEFAULT);
            byte[] open = io.netty.buffer.ByteBufUtil.getBytes(b);
            b.release();
            open[22] = 0;
            open[23] = (byte) hold; // the hold time field, after version and My AS
            receiveBytes(ch, open);
            h.run();
            assertCode(NotificationCode.UNACCEPTABLE_HOLD_TIME, onlyNotification(sent(ch)));
        }
    }

    @Test
    void noCommonFamilyIsUnsupportedCapability() {
        OpenMessage v6only = OpenMessage.of(
                PEER_AS,
                90,
                PEER_ID_HIGHER,
                List.of(new MultiprotocolCapability(Family.IPV6_UNICAST), new FourOctetAsCapability((int) PEER_AS)));
        NotificationMessage n = openRejection(passive(), v6only);
        assertCode(NotificationCode.UNSUPPORTED_CAPABILITY, n);
        assertEquals("0104" + "00010001", HexFormat.of().formatHex(n.data()));
    }

    @Test
    void negotiationAppliesCodecContextsAfterOpens() {
        PeerConfig c = ebgp().passive(true)
                .families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST))
                .addPathReceive(Set.of(Family.IPV4_UNICAST))
                .addPathSend(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST))
                .build();
        FsmHarness h = new FsmHarness(c);
        h.peer.start();
        TestChannel ch = h.acceptInbound();
        assertNull(ch.attr(BgpChannelAttributes.RECEIVE).get(), "untouched before the OPENs");
        AddPathCapability peerAp = new AddPathCapability(List.of(
                new AddPathCapability.FamilyEntry(Family.IPV4_UNICAST, AddPathCapability.BOTH),
                new AddPathCapability.FamilyEntry(Family.IPV6_UNICAST, AddPathCapability.SEND)));
        receive(
                ch,
                peerOpen(
                        PEER_AS,
                        90,
                        PEER_ID_HIGHER,
                        peerAp,
                        io.podroute.bgp.codec.capability.ExtendedMessageCapability.INSTANCE));
        h.run();
        CodecContext rx = ch.attr(BgpChannelAttributes.RECEIVE).get();
        CodecContext tx = ch.attr(BgpChannelAttributes.SEND).get();
        assertEquals(new CodecContext(true, true, true, false), rx);
        assertEquals(new CodecContext(true, true, true, false), tx, "peer only sends in IPv6: we must not");
        assertEquals(65535, rx.maxMessageLength(), "extended messages raise the frame limit");
        receive(ch, KeepaliveMessage.INSTANCE);
        h.run();
        NegotiatedSession n = h.listener.negotiated;
        assertEquals(Set.of(Family.IPV4_UNICAST), n.families(), "peer offered IPv4 only");
        assertTrue(n.extendedMessage());
        assertTrue(n.routeRefresh());
        assertTrue(n.enhancedRouteRefresh());
    }

    @Test
    void extendedMessageNeedsBothSides() {
        FsmHarness h =
                new FsmHarness(ebgp().passive(true).extendedMessage(false).build());
        TestChannel ch = h.establishInbound(peerOpenExtended());
        assertEquals(4096, ch.attr(BgpChannelAttributes.RECEIVE).get().maxMessageLength());
    }

    @Test
    void connectRetryBacksOffExponentiallyWithinJitterBounds() {
        // random 0 → jitter factor 0.75 (the lower bound)
        assertRetryIntervals(() -> 0L, 0.75);
        // random just below 1 → jitter factor 1.0 (the upper bound)
        assertRetryIntervals(() -> -1L, 1.0);
    }

    private static void assertRetryIntervals(java.util.random.RandomGenerator random, double factor) {
        PeerConfig c = ebgp().connectRetry(Duration.ofSeconds(10))
                .connectRetryMax(Duration.ofSeconds(40))
                .build();
        FsmHarness h = new FsmHarness(c, random);
        h.peer.start();
        h.run();
        assertEquals(SessionState.ACTIVE, h.peer.state(), "connect failed: Active");
        h.advance(200);
        List<Long> t = h.connectTimes;
        double[] expected = {10, 20, 40, 40, 40};
        for (int i = 0; i < expected.length; i++) {
            double gap = (t.get(i + 1) - t.get(i)) / 1e9;
            assertEquals(expected[i] * factor, gap, 0.11, "retry interval " + i + " of " + t);
        }
    }

    @Test
    void backoffStaysWithinBoundsForAnyRandom() {
        ConnectRetryBackoff b = new ConnectRetryBackoff(
                Duration.ofSeconds(30), Duration.ofMinutes(5), new java.util.SplittableRandom(7));
        long base = Duration.ofSeconds(30).toNanos();
        for (int i = 0; i < 20; i++) {
            long nominal = Math.min(Duration.ofMinutes(5).toNanos(), base << Math.min(i, 20));
            long d = b.nextDelayNanos();
            assertTrue(d >= nominal * 0.75 && d <= nominal, "attempt " + i + ": " + d);
        }
        b.reset();
        assertTrue(b.nextDelayNanos() <= base);
    }

    @Test
    void delayOpenWaitsThenSendsOpen() {
        FsmHarness h = new FsmHarness(
                ebgp().passive(true).delayOpen(Duration.ofSeconds(5)).build());
        h.peer.start();
        TestChannel ch = h.acceptInbound();
        assertEquals(List.of(), sent(ch));
        assertEquals(SessionState.ACTIVE, h.peer.state());
        h.advance(4.9);
        assertEquals(List.of(), sent(ch));
        h.advance(0.2);
        assertInstanceOf(OpenMessage.class, sent(ch).get(0));
        assertEquals(SessionState.OPEN_SENT, h.peer.state());
    }

    @Test
    void openDuringDelayOpenIsAnsweredWithOpenAndKeepalive() {
        FsmHarness h = new FsmHarness(
                ebgp().passive(true).delayOpen(Duration.ofSeconds(5)).build());
        h.peer.start();
        TestChannel ch = h.acceptInbound();
        h.advance(1);
        receive(ch, peerOpen());
        h.run();
        List<BgpMessage> out = sent(ch);
        assertInstanceOf(OpenMessage.class, out.get(0));
        assertEquals(KeepaliveMessage.INSTANCE, out.get(1));
        assertEquals(SessionState.OPEN_CONFIRM, h.peer.state());
        h.advance(10);
        assertEquals(List.of(), notifications(sent(ch)), "the DelayOpen timer was stopped");
    }

    @Test
    void collisionKeepsPeersConnectionWhenItsIdentifierIsHigher() {
        FsmHarness h = new FsmHarness(ebgp().build());
        TestChannel ours = h.newChannel();
        h.connectResults.add(ours);
        h.peer.start();
        h.run();
        TestChannel theirs = h.acceptInbound();
        sent(ours);
        sent(theirs);
        receive(theirs, peerOpen(PEER_AS, 90, PEER_ID_HIGHER));
        h.run();
        assertCode(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION, onlyNotification(sent(ours)));
        assertEquals(List.of(KeepaliveMessage.INSTANCE), sent(theirs));
        receive(theirs, KeepaliveMessage.INSTANCE);
        h.run();
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertEquals(List.of("established"), h.listener.events);
    }

    @Test
    void collisionKeepsOurConnectionWhenOurIdentifierIsHigher() {
        FsmHarness h = new FsmHarness(ebgp().build());
        TestChannel ours = h.newChannel();
        h.connectResults.add(ours);
        h.peer.start();
        h.run();
        receive(ours, peerOpen(PEER_AS, 90, 0x01010101));
        h.run();
        assertEquals(SessionState.OPEN_CONFIRM, h.peer.state());
        TestChannel theirs = h.acceptInbound();
        sent(theirs);
        receive(theirs, peerOpen(PEER_AS, 90, 0x01010101));
        h.run();
        assertCode(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION, onlyNotification(sent(theirs)));
        receive(ours, KeepaliveMessage.INSTANCE);
        h.run();
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
    }

    /**
     * The race a three-node mesh hit in CI: our connect is still under way (its SYN-ACK not yet
     * handled on our loop) when the peer's connection arrives. Our identifier is higher, so by §6.8
     * the connection we initiated is the one both sides keep — the peer, which sees both, closes the
     * one it initiated. Dropping our attempt because "the peer was faster" closed the only connection
     * the peer kept: both sides ended Idle until the connect-retry timer, a minute later.
     */
    @Test
    void anInboundConnectionDoesNotCancelOurConnectAttempt() {
        FsmHarness h = new FsmHarness(ebgp().build());
        FsmHarness.PendingConnect attempt = h.pendingConnect();
        h.peer.start();
        h.run();
        assertEquals(SessionState.CONNECT, h.peer.state());
        TestChannel theirs = h.acceptInbound();
        h.run();
        TestChannel ours = h.newChannel();
        assertTrue(attempt.complete(ours), "our connect attempt was cancelled by the peer's connection");
        h.run();
        assertTrue(ours.isOpen(), "our completed connection was closed");
        sent(ours);
        sent(theirs);
        receive(theirs, peerOpen(PEER_AS, 90, PEER_ID_LOWER));
        receive(ours, peerOpen(PEER_AS, 90, PEER_ID_LOWER));
        h.run();
        assertCode(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION, onlyNotification(sent(theirs)));
        assertEquals(List.of(KeepaliveMessage.INSTANCE), sent(ours));
        receive(ours, KeepaliveMessage.INSTANCE);
        h.run();
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertEquals(List.of("established"), h.listener.events);
    }

    @Test
    void newConnectionWhileEstablishedWithoutGracefulRestartIsRejected() {
        FsmHarness h =
                new FsmHarness(ebgp().passive(true).gracefulRestart(false).build());
        h.establishInbound(peerOpen());
        TestChannel second = h.acceptInbound();
        assertCode(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION, onlyNotification(sent(second)));
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
    }

    @Test
    void restartedPeerReconnectingUnderGracefulRestartReplacesTheSession() {
        FsmHarness h = new FsmHarness(passive());
        h.establishInbound(peerOpen());
        TestChannel second = h.acceptInbound();
        assertEquals(List.of("established"), h.listener.events, "a connection alone proves nothing yet");
        GracefulRestartCapability restarting = new GracefulRestartCapability(
                GracefulRestartCapability.RESTART_STATE,
                120,
                List.of(new GracefulRestartCapability.FamilyEntry(
                        Family.IPV4_UNICAST, GracefulRestartCapability.FORWARDING_STATE)));
        OpenMessage open = OpenMessage.of(
                PEER_AS,
                90,
                PEER_ID_HIGHER,
                List.of(
                        new MultiprotocolCapability(Family.IPV4_UNICAST),
                        new FourOctetAsCapability((int) PEER_AS),
                        restarting));
        receive(second, open);
        h.run();
        assertEquals(List.of("established", "down TCP_CLOSED gr=true"), h.listener.events, "the OPEN ends the old one");
        receive(second, KeepaliveMessage.INSTANCE);
        h.run();
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertTrue(h.listener.negotiated.peerRestarting(), "the peer's restart bit is visible");
    }

    @Test
    void theOtherHalfOfASimultaneousOpenLosesToTheEstablishedSession() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel first = h.establishInbound(peerOpen());
        TestChannel late = h.acceptInbound();
        receive(late, peerOpen()); // no Restart State bit: not a restart
        h.run();
        assertCode(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION, onlyNotification(sent(late)));
        assertEquals(List.of("established"), h.listener.events, "the Established session stays");
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertTrue(first.isActive());
    }

    @Test
    void aStrayConnectionWithoutOpenLeavesTheEstablishedSessionAlone() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel first = h.establishInbound(peerOpen());
        TestChannel stray = h.acceptInbound();
        // e.g. the peer's superseded connect attempt after a collision
        assertTrue(stray.close().awaitUninterruptibly().isSuccess());
        h.run();
        assertEquals(List.of("established"), h.listener.events);
        assertEquals(SessionState.ESTABLISHED, h.peer.state());
        assertTrue(first.isActive());
    }

    @Test
    void adminShutdownSendsCeaseWithShutdownCommunicationAndStaysIdle() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        h.peer.adminShutdown("maintenance: ticket 42 — back at 12:00");
        h.run();
        NotificationMessage n = onlyNotification(sent(ch));
        assertCode(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN, n);
        assertEquals("maintenance: ticket 42 — back at 12:00", n.shutdownCommunication());
        assertTrue(ch.isOutputShutdown());
        assertEquals(SessionState.IDLE, h.peer.state());
        assertEquals(TransitionReason.ADMIN_SHUTDOWN, h.listener.downReason);
        h.advance(400);
        assertEquals(SessionState.IDLE, h.peer.state(), "no automatic restart after ManualStop");
        TestChannel again = h.acceptInbound();
        assertFalse(again.isOpen(), "connections refused while stopped");
    }

    @Test
    void resetSendsTheGivenNotificationAndRestartsAfterTheInterval() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        NotificationMessage maxPrefix =
                NotificationMessage.of(NotificationCode.CEASE_MAX_PREFIXES, new byte[] {0, 1, 1, 0, 0, 0, 10});
        h.peer.reset(maxPrefix, Duration.ofSeconds(60));
        h.run();
        assertEquals(maxPrefix, onlyNotification(sent(ch)));
        assertTrue(ch.isOutputShutdown());
        assertEquals(SessionState.IDLE, h.peer.state());
        assertEquals(TransitionReason.LOCAL_RESET, h.listener.downReason);
        assertFalse(h.listener.downGraceful, "a NOTIFICATION was sent: no graceful restart");
        h.advance(30);
        assertFalse(h.acceptInbound().isOpen(), "connections refused during the restart interval");
        h.advance(31);
        assertTrue(h.acceptInbound().isOpen(), "accepted again once the interval is over");
    }

    @Test
    void notificationReceivedEndsSession() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        NotificationMessage cease = NotificationMessage.shutdown("bye");
        receive(ch, cease);
        h.run();
        assertFalse(ch.isOpen());
        assertEquals(cease, h.peer.stats().lastNotificationReceived());
        assertEquals(TransitionReason.NOTIFICATION_RECEIVED, h.listener.downReason);
        assertFalse(h.listener.downGraceful);
        assertTrue(notifications(sent(ch)).isEmpty(), "no NOTIFICATION in answer to one");
    }

    @Test
    void sessionErrorVerdictResetsInsteadOfDelivering() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        UpdateMessage bad = new UpdateMessage(
                PrefixList.EMPTY_IPV4,
                PathAttributes.EMPTY,
                PrefixList.EMPTY_IPV4,
                List.of(new io.podroute.bgp.codec.error.UpdateError(
                        io.podroute.bgp.codec.error.ErrorAction.AFI_SAFI_DISABLE,
                        NotificationCode.OPTIONAL_ATTRIBUTE_ERROR,
                        14,
                        new byte[] {1, 2},
                        "test")));
        // delivered straight to the FSM: the codec itself never produces this verdict on the wire
        findConnection(h).onMessage(bad);
        h.run();
        NotificationMessage n = onlyNotification(sent(ch));
        assertCode(NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, n);
        assertEquals("0102", HexFormat.of().formatHex(n.data()));
        assertTrue(h.listener.updates.isEmpty());
    }

    private static Connection findConnection(FsmHarness h) {
        return h.peer.establishedConnection();
    }

    @Test
    void sendBeforeEstablishedIsRefused() {
        FsmHarness h = new FsmHarness(passive());
        h.peer.start();
        h.acceptInbound();
        assertFalse(h.peer.send(UpdateMessage.endOfRib(Family.IPV4_UNICAST)));
        assertFalse(h.peer.sendRouteRefresh(RouteRefreshMessage.request(Family.IPV4_UNICAST)));
    }

    @Test
    void peerThatNeverReadsIsResetWithOutOfResources() {
        FsmHarness h = new FsmHarness(passive());
        TestChannel ch = h.establishInbound(peerOpen());
        h.peer.maxQueuedBytes(1000);
        int accepted = 0;
        // no event-loop turn in between: nothing is flushed, as with a peer whose window stays shut
        while (h.peer.send(UpdateMessage.endOfRib(Family.IPV4_UNICAST))) {
            accepted++;
            assertTrue(accepted < 100, "the cap must stop the queue");
        }
        assertTrue(accepted > 1, "queued up to the cap (bytes plus Netty's per-entry overhead): " + accepted);
        h.run();
        List<BgpMessage> out = sent(ch);
        assertCode(NotificationCode.CEASE_OUT_OF_RESOURCES, onlyNotification(out));
        assertEquals(TransitionReason.OUTPUT_OVERFLOW, h.listener.downReason);
        assertFalse(h.peer.send(UpdateMessage.endOfRib(Family.IPV4_UNICAST)), "nothing more after the reset");
    }

    @Test
    void openNegotiationDefaults() {
        PeerConfig c = ebgp().keepaliveTime(10).build();
        OpenMessage ours = OpenNegotiator.localOpen(c, LOCAL);
        OpenMessage bare = new OpenMessage(4, 65002, 0, PEER_ID_HIGHER, List.of(), false);
        NegotiatedSession n =
                OpenNegotiator.negotiate(c.toBuilder().remoteAs(65002).build(), LOCAL, ours, bare);
        assertEquals(Set.of(Family.IPV4_UNICAST), n.families(), "no MP capability: IPv4 unicast implied");
        assertEquals(0, n.holdTime());
        assertEquals(0, n.keepaliveTime(), "hold time 0: no keepalives");
        assertFalse(n.fourOctetAs());
        assertFalse(n.gracefulRestart());
        NegotiatedSession m = OpenNegotiator.negotiate(c, LOCAL, ours, peerOpen());
        assertEquals(10, m.keepaliveTime(), "configured keepalive below hold/3 wins");
    }
}
