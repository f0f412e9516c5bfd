package io.podroute.agent.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.rib.PeerCounters;
import io.podroute.bgp.session.SessionStats;
import io.podroute.bgp.speaker.PeerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of {@code GET /status} (docs/cli.md): the speaker and one object per peer, built only from
 * {@link PeerStatus}, which holds no password, so none can leak into the output.
 */
final class StatusJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StatusJson() {}

    static ObjectNode status(SpeakerInfo speaker, Duration uptime, int prefixes, List<PeerStatus> peers) {
        ObjectNode root = F.objectNode();
        ObjectNode s = root.putObject("speaker");
        s.put("asn", speaker.asn());
        s.put("routerId", speaker.routerId());
        s.put("uptimeSeconds", uptime.toSeconds());
        s.put("uptime", formatDuration(uptime));
        s.put("locRibPrefixes", prefixes);
        var listen = s.putArray("listen");
        speaker.listen().forEach(listen::add);
        var out = root.putArray("peers");
        for (PeerStatus p : peers) {
            out.add(peer(p));
        }
        return root;
    }

    static ObjectNode peer(PeerStatus p) {
        ObjectNode o = F.objectNode();
        o.put("address", p.address().getHostAddress());
        o.put("remoteAs", p.remoteAs());
        o.put("state", p.state().label());
        PeerInfo info = p.established();
        if (info != null) {
            o.put("localAs", info.localAs());
            o.put("type", info.type().name().toLowerCase(Locale.ROOT));
            o.put("routerId", routerId(info.routerId()));
        }
        SessionStats st = p.stats();
        if (st != null) {
            if (st.uptime() == null) {
                o.putNull("uptimeSeconds");
                o.putNull("uptime");
            } else {
                o.put("uptimeSeconds", st.uptime().toSeconds());
                o.put("uptime", formatDuration(st.uptime()));
            }
            o.put("establishedTransitions", st.establishedTransitions());
            o.put("flaps", st.flaps());
            o.put(
                    "lastDownReason",
                    st.lastDownReason() == null ? null : st.lastDownReason().name());
            o.set("lastNotificationSent", notification(st.lastNotificationSent()));
            o.set("lastNotificationReceived", notification(st.lastNotificationReceived()));
            ObjectNode msgs = o.putObject("messages");
            msgs.put("in", st.messagesIn());
            msgs.put("out", st.messagesOut());
            ObjectNode updates = o.putObject("updates");
            updates.put("in", st.updatesIn());
            updates.put("out", st.updatesOut());
        }
        ObjectNode prefixes = o.putObject("prefixes");
        PeerCounters c = p.routes();
        prefixes.set(
                "ipv4-unicast",
                family(
                        c == null ? 0 : c.announcedV4(),
                        c == null ? 0 : c.acceptedV4(),
                        c == null ? 0 : c.rejectedV4(),
                        c == null ? 0 : c.withdrawnV4(),
                        p.advertisedIpv4()));
        prefixes.set(
                "ipv6-unicast",
                family(
                        c == null ? 0 : c.announcedV6(),
                        c == null ? 0 : c.acceptedV6(),
                        c == null ? 0 : c.rejectedV6(),
                        c == null ? 0 : c.withdrawnV6(),
                        p.advertisedIpv6()));
        o.put("importPolicy", p.importPolicy());
        o.put("exportPolicy", p.exportPolicy());
        return o;
    }

    private static ObjectNode family(long received, long accepted, long rejected, long withdrawn, long advertised) {
        ObjectNode f = F.objectNode();
        f.put("received", received);
        f.put("accepted", accepted);
        f.put("rejected", rejected);
        f.put("withdrawn", withdrawn);
        f.put("advertised", advertised);
        return f;
    }

    private static ObjectNode notification(NotificationMessage n) {
        if (n == null) {
            return null;
        }
        ObjectNode o = F.objectNode();
        o.put("code", n.code());
        o.put("subcode", n.subcode());
        NotificationCode known = n.knownCode();
        o.put("name", known == null ? n.code() + "/" + n.subcode() + " unknown" : known.label());
        String text = n.shutdownCommunication();
        if (text != null) {
            o.put("communication", text);
        }
        return o;
    }

    static String routerId(int id) {
        return (id >>> 24) + "." + (id >>> 16 & 0xFF) + "." + (id >>> 8 & 0xFF) + "." + (id & 0xFF);
    }

    /** {@code 3d4h}, {@code 2h05m}, {@code 4m12s}, {@code 9s}. */
    static String formatDuration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) {
            return (s / 86_400) + "d" + (s % 86_400 / 3600) + "h";
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** What /status says about the speaker itself. */
    record SpeakerInfo(long asn, String routerId, List<String> listen) {}
}
