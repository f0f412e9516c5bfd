package io.podroute.bgp.session;

import static io.podroute.bgp.session.FsmHarness.LOCAL_AS;
import static io.podroute.bgp.session.FsmHarness.LOCAL_ID;
import static io.podroute.bgp.session.FsmHarness.ebgp;
import static io.podroute.bgp.session.FsmHarness.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelFuture;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4724 §3 as the restarting speaker: the Restart State bit only in the OPENs sent right after a
 * restart, the Forwarding State bit for every family while forwarding state was preserved, and a peer's
 * later OPENs following {@link BgpPeer#updateLocal}.
 */
class RestartStateTest {
    private static final PeerConfig DUAL =
            ebgp().families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)).build();

    @AfterEach
    void release() {
        FsmHarness.releaseAll();
    }

    private static GracefulRestartCapability gr(OpenMessage open) {
        return open.capability(GracefulRestartCapability.class);
    }

    private static void assertBits(OpenMessage open, boolean restart, boolean forwarding) {
        GracefulRestartCapability gr = gr(open);
        assertEquals(restart, gr.restartState(), "R bit in " + gr);
        assertEquals(120, gr.restartTime());
        assertEquals(2, gr.families().size(), gr.toString());
        for (GracefulRestartCapability.FamilyEntry e : gr.families()) {
            assertEquals(forwarding, e.forwardingState(), "F bit of " + e.family());
        }
    }

    @Test
    void openCarriesRestartAndForwardingBitsAsTheLocalSpeakerSays() {
        LocalSpeaker fresh = new LocalSpeaker(LOCAL_AS, LOCAL_ID);
        LocalSpeaker restarting = new LocalSpeaker(LOCAL_AS, LOCAL_ID, true);
        assertBits(OpenNegotiator.localOpen(DUAL, fresh), false, false);
        assertBits(OpenNegotiator.localOpen(DUAL, restarting), true, true);
        LocalSpeaker done = restarting.restartDone();
        assertFalse(done.restarting());
        assertTrue(done.forwardingPreserved(), "forwarding state kept across our restarts");
        assertBits(OpenNegotiator.localOpen(DUAL, done), false, true);
        assertEquals(fresh, fresh.restartDone());
    }

    @Test
    void laterConnectionsSendTheUpdatedRestartState() {
        FsmHarness h = new FsmHarness(ebgp().passive(true).build());
        h.peer.updateLocal(new LocalSpeaker(LOCAL_AS, LOCAL_ID, true));
        h.peer.start();
        h.run();
        TestChannel first = h.acceptInbound();
        OpenMessage afterRestart = (OpenMessage) sent(first).get(0);
        assertTrue(gr(afterRestart).restartState(), "R=1 right after the restart");
        assertTrue(gr(afterRestart).families().get(0).forwardingState());

        // The glue clears the bit (End-of-RIB sent everywhere): a peer reconnecting later gets R=0, F=1.
        h.peer.updateLocal(new LocalSpeaker(LOCAL_AS, LOCAL_ID, true).restartDone());
        ChannelFuture unused = first.close();
        h.advance(5);
        TestChannel later = h.acceptInbound();
        OpenMessage reconnect = (OpenMessage) sent(later).get(0);
        assertFalse(gr(reconnect).restartState(), "R=0 on a later OPEN");
        assertEquals(
                List.of(true),
                gr(reconnect).families().stream()
                        .map(GracefulRestartCapability.FamilyEntry::forwardingState)
                        .toList());
    }

    @Test
    void updateLocalKeepsIdentity() {
        FsmHarness h = new FsmHarness(ebgp().build());
        assertThrows(
                IllegalArgumentException.class, () -> h.peer.updateLocal(new LocalSpeaker(LOCAL_AS + 1, LOCAL_ID)));
        assertThrows(
                IllegalArgumentException.class, () -> h.peer.updateLocal(new LocalSpeaker(LOCAL_AS, LOCAL_ID + 1)));
    }
}
