package io.podroute.bgp.exabgp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one line of ExaBGP 4.2's API output (JSON encoder, format "4.0.1"; the acknowledgements
 * {@code done} / {@code error} are plain words). Pure: no state, no I/O. Anything that is not what
 * ExaBGP 4.2 writes raises {@link ExaBgpJsonException}; the caller counts and logs it.
 *
 * <p>The shapes used (recorded in {@code src/test/resources/exabgp/}):
 *
 * <pre>
 * {"type": "state", "neighbor": {"address": {"local": L, "peer": P}, "asn": {...}, "state": "up"|"down"|"connected", "reason": R}}
 * {"type": "open", "neighbor": {..., "direction": "receive", "open": {"asn": 23456, "router_id": ID, "capabilities": {"64": {...}, "65": {"asn4": N}}}}}
 * {"type": "update", "neighbor": {..., "message": {"update": {"attribute": {...}, "announce": {...}, "withdraw": {...}}}}}
 * {"type": "update", "neighbor": {..., "message": {"eor": {"afi": "ipv4", "safi": "unicast"}}}}
 * {"type": "notification", "neighbor": {..., "notification": {"code": 6, "subcode": 2, "data": "0x"}}}
 * {"type": "notification", "notification": "shutdown"}
 * </pre>
 */
final class ExaBgpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExaBgpJson() {}

    static ExaBgpEvent parse(String line) {
        String s = line.strip();
        if (s.equals("done")) {
            return new ExaBgpEvent.Ack(true);
        }
        if (s.equals("error")) {
            return new ExaBgpEvent.Ack(false);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new ExaBgpJsonException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ExaBgpJsonException("not a JSON object");
        }
        String type = text(root, "type");
        try {
            return switch (type) {
                case "state" -> state(root.path("neighbor"));
                case "open" -> open(root.path("neighbor"));
                case "update" -> UpdateJson.parse(peer(root.path("neighbor")), root.path("neighbor"));
                case "notification" -> notification(root);
                default -> new ExaBgpEvent.Ignored(type);
            };
        } catch (IllegalArgumentException e) {
            throw e instanceof ExaBgpJsonException x ? x : new ExaBgpJsonException(type + ": " + e.getMessage(), e);
        }
    }

    private static ExaBgpEvent state(JsonNode n) {
        String state = text(n, "state");
        JsonNode reason = n.get("reason");
        return new ExaBgpEvent.State(peer(n), state, reason == null ? "" : reason.asText());
    }

    private static ExaBgpEvent open(JsonNode n) {
        InetAddress peer = peer(n);
        if (!"receive".equals(n.path("direction").asText())) {
            return new ExaBgpEvent.Ignored("open sent");
        }
        JsonNode open = object(n, "open");
        JsonNode caps = open.path("capabilities");
        long asn = caps.path("65").path("asn4").asLong(number(open, "asn"));
        int routerId = ipv4(text(open, "router_id"));
        JsonNode gr = caps.path("64");
        int restartTime = -1;
        Set<Family> families = new HashSet<>();
        Set<Family> forwarding = new HashSet<>();
        if (gr.isObject()) {
            restartTime = (int) number(gr, "time");
            for (Map.Entry<String, JsonNode> e : gr.path("address-family-flags").properties()) {
                Family f = family(e.getKey().replace('/', ' '));
                families.add(f);
                for (JsonNode flag : e.getValue()) {
                    if (flag.asText().equals("restart")) { // ExaBGP 4.2's name for the F bit (0x80)
                        forwarding.add(f);
                    }
                }
            }
        }
        return new ExaBgpEvent.Open(
                peer, asn, routerId, (int) number(open, "hold_time"), restartTime, families, forwarding);
    }

    private static ExaBgpEvent notification(JsonNode root) {
        JsonNode note = root.get("notification");
        if (note != null && note.isTextual()) {
            return note.asText().equals("shutdown")
                    ? new ExaBgpEvent.Shutdown()
                    : new ExaBgpEvent.Ignored("notification " + note.asText());
        }
        JsonNode n = root.path("neighbor");
        if (!"receive".equals(n.path("direction").asText())) {
            return new ExaBgpEvent.Ignored("notification sent");
        }
        JsonNode body = object(n, "notification");
        return new ExaBgpEvent.Notification(peer(n), (int) number(body, "code"), (int) number(body, "subcode"));
    }

    /** "ipv4 unicast" → the family; anything else is a family podroute does not carry (null). */
    static Family family(String name) {
        return switch (name) {
            case "ipv4 unicast" -> Family.IPV4_UNICAST;
            case "ipv6 unicast" -> Family.IPV6_UNICAST;
            default -> null;
        };
    }

    static InetAddress peer(JsonNode neighbor) {
        return address(text(neighbor.path("address"), "peer"));
    }

    /** A literal address (never resolved). */
    static InetAddress address(String text) {
        try {
            return InetAddress.getByAddress(Prefix.parseAddress(text));
        } catch (UnknownHostException | RuntimeException e) {
            throw new ExaBgpJsonException("bad address '" + text + "'", e);
        }
    }

    static int ipv4(String text) {
        byte[] b = address(text).getAddress();
        if (b.length != 4) {
            throw new ExaBgpJsonException("not an IPv4 address: " + text);
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ExaBgpJsonException("missing text field '" + field + "'");
        }
        return v.asText();
    }

    static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new ExaBgpJsonException("missing number field '" + field + "'");
        }
        return v.asLong();
    }

    static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new ExaBgpJsonException("missing object '" + field + "'");
        }
        return v;
    }
}
