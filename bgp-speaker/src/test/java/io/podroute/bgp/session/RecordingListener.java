package io.podroute.bgp.session;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import java.util.ArrayList;
import java.util.List;

/** Records every listener call, in order. */
final class RecordingListener implements SessionListener {
    final List<String> events = new ArrayList<>();
    final List<UpdateMessage> updates = new ArrayList<>();
    final List<RouteRefreshMessage> refreshes = new ArrayList<>();
    final List<SessionState> states = new ArrayList<>();
    PeerInfo peer;
    NegotiatedSession negotiated;
    TransitionReason downReason;
    Boolean downGraceful;

    @Override
    public void onEstablished(BgpSession session, PeerInfo peer, NegotiatedSession negotiated) {
        this.peer = peer;
        this.negotiated = negotiated;
        events.add("established");
    }

    @Override
    public void onUpdate(BgpSession session, UpdateMessage update) {
        updates.add(update);
        events.add("update");
    }

    @Override
    public void onRouteRefresh(BgpSession session, RouteRefreshMessage refresh) {
        refreshes.add(refresh);
        events.add("refresh");
    }

    @Override
    public void onDown(BgpSession session, TransitionReason reason, boolean gracefulRestartApplies) {
        downReason = reason;
        downGraceful = gracefulRestartApplies;
        events.add("down " + reason + " gr=" + gracefulRestartApplies);
    }

    @Override
    public void onStateChange(BgpSession session, SessionState from, SessionState to, TransitionReason reason) {
        states.add(to);
    }
}
