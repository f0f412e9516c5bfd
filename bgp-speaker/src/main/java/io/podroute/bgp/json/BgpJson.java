package io.podroute.bgp.json;

import static io.podroute.bgp.json.NlriJson.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.KeepaliveMessage;
import io.podroute.bgp.codec.message.MessageType;
import io.podroute.bgp.codec.message.NotificationMessage;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.message.RouteRefreshMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BGP messages as JSON trees and back: the format of {@code podroute bgp decode / encode}, specified in
 * {@code docs/bgp-json.md}. Field names are camelCase and stable. {@link #fromJson} of a {@link
 * #toJson} result gives a message that encodes to the same bytes; fields that only describe (names,
 * End-of-RIB, UPDATE errors) are accepted and ignored. Malformed input is rejected with an {@link
 * IllegalArgumentException} whose message starts with the JSON path of the bad field, e.g. {@code
 * attributes[2].segments[0].asns[1]: not an unsigned 32-bit number}.
 *
 * <p>The JSON carries no session context: AS number width, add-path and extended messages are chosen
 * when the message is encoded ({@code CodecContext}).
 */
public final class BgpJson {
    private static final Set<String> OPEN_FIELDS =
            Set.of("type", "version", "myAs", "holdTime", "bgpIdentifier", "extendedParameters", "parameters");
    private static final Set<String> UPDATE_FIELDS =
            Set.of("type", "withdrawn", "attributes", "nlri", "endOfRib", "verdict", "errors");
    private static final Set<String> NOTIFICATION_FIELDS =
            Set.of("type", "code", "subcode", "name", "data", "shutdownCommunication");
    private static final Set<String> ROUTE_REFRESH_FIELDS = Set.of("type", "family", "subtype", "subtypeName");
    private static final String[] ROUTE_REFRESH_SUBTYPES = {"normal", "begin-of-rib-refresh", "end-of-rib-refresh"};

    private BgpJson() {}

    /** The JSON form of {@code m}; its "type" is the message type label ("UPDATE", "ROUTE-REFRESH"). */
    public static ObjectNode toJson(BgpMessage m) {
        ObjectNode o = F.objectNode();
        o.put("type", m.type().label());
        if (m instanceof OpenMessage open) {
            o.put("version", open.version());
            o.put("myAs", open.myAs());
            o.put("holdTime", open.holdTime());
            o.put("bgpIdentifier", NlriJson.ipv4(open.bgpIdentifier()));
            o.put("extendedParameters", open.extendedParameters());
            o.set("parameters", CapabilityJson.toJson(open.parameters()));
        } else if (m instanceof UpdateMessage u) {
            update(u, o);
        } else if (m instanceof NotificationMessage n) {
            o.put("code", n.code());
            o.put("subcode", n.subcode());
            NotificationCode known = n.knownCode();
            if (known != null) {
                o.put("name", known.label());
            }
            o.put("data", NlriJson.hex(n.data()));
            String text = n.shutdownCommunication();
            if (text != null) {
                o.put("shutdownCommunication", text);
            }
        } else if (m instanceof RouteRefreshMessage r) {
            o.put("family", r.family().label());
            o.put("subtype", r.subtype());
            if (r.subtype() < ROUTE_REFRESH_SUBTYPES.length) {
                o.put("subtypeName", ROUTE_REFRESH_SUBTYPES[r.subtype()]);
            }
        }
        return o;
    }

    private static void update(UpdateMessage u, ObjectNode o) {
        o.set("withdrawn", NlriJson.prefixes(u.withdrawn()));
        o.set("attributes", AttributeJson.toJson(u.attributes()));
        o.set("nlri", NlriJson.prefixes(u.nlri()));
        Family eor = u.endOfRibFamily();
        if (eor != null) {
            o.put("endOfRib", eor.label());
        }
        if (!u.errors().isEmpty()) {
            o.put("verdict", label(u.verdict()));
            ArrayNode errors = o.putArray("errors");
            for (UpdateError e : u.errors()) {
                ObjectNode j = errors.addObject();
                j.put("action", label(e.action()));
                putCode(j, e.code());
                if (e.attributeType() >= 0) {
                    j.put("attributeType", e.attributeType());
                }
                j.put("reason", e.reason());
                j.put("data", NlriJson.hex(e.data()));
            }
        }
    }

    /**
     * The JSON form of a decoding failure: {"code", "subcode", "name", "action", "reason", "data"}, the
     * NOTIFICATION a session would send.
     */
    public static ObjectNode errorToJson(BgpProtocolException e) {
        ObjectNode j = F.objectNode();
        putCode(j, e.code());
        j.put("action", label(e.action()));
        String reason = e.getMessage();
        String prefix = e.code().label() + ": ";
        j.put("reason", reason != null && reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        j.put("data", NlriJson.hex(e.data()));
        return j;
    }

    private static void putCode(ObjectNode j, NotificationCode code) {
        j.put("code", code.code());
        j.put("subcode", code.subcode());
        j.put("name", code.label());
    }

    /** "treat-as-withdraw" for {@link ErrorAction#TREAT_AS_WITHDRAW}. */
    static String label(ErrorAction a) {
        return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The message described by {@code json}.
     *
     * @throws IllegalArgumentException naming the JSON path of the first bad field
     */
    public static BgpMessage fromJson(JsonNode json) {
        JsonInput in = JsonInput.root(json).requireObject();
        JsonInput typeIn = in.field("type");
        String type = typeIn.text().toUpperCase(Locale.ROOT).replace('_', '-');
        for (MessageType t : MessageType.values()) {
            if (t.label().equals(type)) {
                return fromJson(t, in);
            }
        }
        throw typeIn.error(
                "unknown message type '" + typeIn.text() + "' (OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH)");
    }

    private static BgpMessage fromJson(MessageType type, JsonInput in) {
        switch (type) {
            case OPEN:
                return open(in.object(OPEN_FIELDS));
            case UPDATE:
                return update(in.object(UPDATE_FIELDS));
            case NOTIFICATION:
                return notification(in.object(NOTIFICATION_FIELDS));
            case KEEPALIVE:
                in.object(Set.of("type"));
                return KeepaliveMessage.INSTANCE;
            default:
                in.object(ROUTE_REFRESH_FIELDS);
                JsonInput subtype = in.optional("subtype");
                return new RouteRefreshMessage(
                        in.field("family").family(), subtype == null ? RouteRefreshMessage.NORMAL : subtype.u8());
        }
    }

    private static OpenMessage open(JsonInput in) {
        JsonInput version = in.optional("version");
        JsonInput ext = in.optional("extendedParameters");
        JsonInput params = in.optional("parameters");
        return new OpenMessage(
                version == null ? OpenMessage.VERSION : version.u8(),
                in.field("myAs").u16(),
                in.field("holdTime").u16(),
                in.field("bgpIdentifier").ipv4(),
                params == null ? List.of() : CapabilityJson.fromJson(params),
                ext != null && ext.bool());
    }

    private static UpdateMessage update(JsonInput in) {
        JsonInput eor = in.optional("endOfRib");
        if (eor != null) {
            Family f = eor.family();
            if (!in.has("attributes") && !in.has("withdrawn") && !in.has("nlri")) {
                return UpdateMessage.endOfRib(f);
            }
        }
        JsonInput withdrawn = in.optional("withdrawn");
        JsonInput attrs = in.optional("attributes");
        JsonInput nlri = in.optional("nlri");
        return UpdateMessage.of(
                withdrawn == null ? PrefixList.EMPTY_IPV4 : NlriJson.prefixes(withdrawn, false),
                attrs == null ? PathAttributes.EMPTY : AttributeJson.fromJson(attrs),
                nlri == null ? PrefixList.EMPTY_IPV4 : NlriJson.prefixes(nlri, false));
    }

    private static NotificationMessage notification(JsonInput in) {
        JsonInput codeIn = in.optional("code");
        int code;
        int subcode;
        if (codeIn == null) {
            JsonInput name = in.field("name");
            NotificationCode known = byName(name.text());
            if (known == null) {
                throw name.error("unknown NOTIFICATION name '" + name.text() + "' (give \"code\" and \"subcode\")");
            }
            code = known.code();
            subcode = known.subcode();
        } else {
            code = codeIn.u8();
            JsonInput sub = in.optional("subcode");
            subcode = sub == null ? 0 : sub.u8();
        }
        JsonInput data = in.optional("data");
        JsonInput text = in.optional("shutdownCommunication");
        byte[] bytes;
        if (data != null) {
            bytes = data.hex();
        } else if (text != null) {
            bytes = NotificationMessage.shutdown(text.text()).data();
            if (text.text().getBytes(StandardCharsets.UTF_8).length > 255) {
                throw text.error("a shutdown communication holds at most 255 bytes of UTF-8 (RFC 9003 §2)");
            }
        } else {
            bytes = new byte[0];
        }
        return new NotificationMessage(code, subcode, bytes);
    }

    private static NotificationCode byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (NotificationCode c : NotificationCode.values()) {
            String label = c.label();
            if (label.equals(n) || label.substring(label.indexOf(' ') + 1).equals(n)) {
                return c;
            }
        }
        return null;
    }
}
