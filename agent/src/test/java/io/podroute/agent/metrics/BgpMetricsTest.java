package io.podroute.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.session.SessionState;
import io.podroute.bgp.session.SessionStats;
import io.podroute.bgp.session.TransitionReason;
import io.podroute.bgp.speaker.PeerStatus;
import io.podroute.routes.Addresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpMetricsTest {
    private static final InetAddress A = Addresses.inet("10.0.0.2");
    private static final InetAddress B = Addresses.inet("10.0.0.3");

    private final List<PeerStatus> peers = new ArrayList<>();
    private final BgpMetrics metrics = new BgpMetrics(
            () -> List.copyOf(peers), a -> a.equals(A) ? "mesh" : "static", () -> new BgpMetrics.LocRib(3, 1));

    private static PeerStatus established(InetAddress a) {
        SessionStats st = new SessionStats(
                SessionState.ESTABLISHED, 120, 110, 7, 3, 2, 1, null, null, Duration.ofSeconds(90), null);
        PeerCounters c = new PeerCounters(a, 7, 0, 5, 1, 1, 0, 1, 0, 3, 1);
        return new PeerStatus(a, 64512, SessionState.ESTABLISHED, null, st, c, 1, 0, "configured", "configured");
    }

    private static PeerStatus down(InetAddress a) {
        SessionStats st = new SessionStats(
                SessionState.ACTIVE,
                4,
                3,
                0,
                0,
                0,
                0,
                new NotificationMessage(2, 2, new byte[0]),
                new NotificationMessage(6, 4, new byte[0]),
                null,
                TransitionReason.values()[0]);
        return new PeerStatus(a, 64513, SessionState.ACTIVE, null, st, null, 0, 0, "configured", "configured");
    }

    @Test
    void anEstablishedPeer() {
        peers.add(established(A));
        String t = Scrape.text(metrics);
        assertEquals(1, Scrape.value(t, "podroute_bgp_session_established{peer=\"10.0.0.2\",peer_type=\"mesh\"}"));
        assertEquals(1, Scrape.value(t, "podroute_bgp_session_state{peer=\"10.0.0.2\",state=\"Established\"}"));
        assertEquals(0, Scrape.value(t, "podroute_bgp_session_state{peer=\"10.0.0.2\",state=\"Idle\"}"));
        assertEquals(90, Scrape.value(t, "podroute_bgp_session_uptime_seconds{peer=\"10.0.0.2\"}"));
        assertEquals(1, Scrape.value(t, "podroute_bgp_session_flaps_total{peer=\"10.0.0.2\"}"));
        assertEquals(120, Scrape.value(t, "podroute_bgp_messages_received_total{peer=\"10.0.0.2\"}"));
        assertEquals(110, Scrape.value(t, "podroute_bgp_messages_sent_total{peer=\"10.0.0.2\"}"));
        assertEquals(7, Scrape.value(t, "podroute_bgp_updates_received_total{peer=\"10.0.0.2\"}"));
        assertEquals(3, Scrape.value(t, "podroute_bgp_updates_sent_total{peer=\"10.0.0.2\"}"));
        assertEquals(
                4,
                Scrape.value(t, "podroute_bgp_prefixes_received{family=\"ipv4\",peer=\"10.0.0.2\"}"),
                "5 - 1 withdrawn");
        assertEquals(3, Scrape.value(t, "podroute_bgp_prefixes_accepted{family=\"ipv4\",peer=\"10.0.0.2\"}"));
        assertEquals(1, Scrape.value(t, "podroute_bgp_prefixes_accepted{family=\"ipv6\",peer=\"10.0.0.2\"}"));
        assertEquals(1, Scrape.value(t, "podroute_bgp_prefixes_advertised{family=\"ipv4\",peer=\"10.0.0.2\"}"));
        assertEquals(3, Scrape.value(t, "podroute_bgp_loc_rib_prefixes{family=\"ipv4\"}"));
        assertEquals(1, Scrape.value(t, "podroute_bgp_loc_rib_prefixes{family=\"ipv6\"}"));
        assertFalse(t.contains("podroute_bgp_last_notification{"), "none sent or received");
    }

    @Test
    void aDownPeerShowsItsStateAndLastNotifications() {
        peers.add(down(B));
        String t = Scrape.text(metrics);
        assertEquals(0, Scrape.value(t, "podroute_bgp_session_established{peer=\"10.0.0.3\",peer_type=\"static\"}"));
        assertEquals(1, Scrape.value(t, "podroute_bgp_session_state{peer=\"10.0.0.3\",state=\"Active\"}"));
        assertEquals(0, Scrape.value(t, "podroute_bgp_session_uptime_seconds{peer=\"10.0.0.3\"}"));
        assertEquals(
                1,
                Scrape.value(
                        t,
                        "podroute_bgp_last_notification{code=\"2\",direction=\"sent\",peer=\"10.0.0.3\",subcode=\"2\"}"));
        assertEquals(
                1,
                Scrape.value(
                        t,
                        "podroute_bgp_last_notification{code=\"6\",direction=\"received\",peer=\"10.0.0.3\",subcode=\"4\"}"));
        assertEquals(0, Scrape.value(t, "podroute_bgp_prefixes_received{family=\"ipv4\",peer=\"10.0.0.3\"}"));
        assertEquals(
                6,
                Scrape.samples(t).stream()
                        .filter(l -> l.startsWith("podroute_bgp_session_state{"))
                        .count());
    }

    @Test
    void aRemovedPeersSeriesDisappear() {
        peers.add(established(A));
        peers.add(down(B));
        assertTrue(Scrape.text(metrics).contains("peer=\"10.0.0.3\""));
        peers.remove(1);
        String t = Scrape.text(metrics);
        assertFalse(t.contains("10.0.0.3"), t);
        assertTrue(t.contains("peer=\"10.0.0.2\""));
    }

    @Test
    void countersEndInTotalAndNothingElseDoes() {
        peers.add(established(A));
        String t = Scrape.text(metrics);
        for (String line : t.split("\n", -1)) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ", -1);
                assertEquals(f[3].equals("counter"), f[2].endsWith("_total"), line);
            }
        }
        assertTrue(t.contains("# TYPE podroute_bgp_session_flaps_total counter"));
    }
}
