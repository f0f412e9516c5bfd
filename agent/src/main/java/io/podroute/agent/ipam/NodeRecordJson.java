package io.podroute.agent.ipam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;

/** {@code nodes/<name>} values: {@code {"name":"node1","nodeIp":"10.0.0.1","asn":64512,"block":"10.244.0.0/26"}}. */
final class NodeRecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeRecordJson() {}

    static String write(NodeRecord node) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", node.name());
        o.put("nodeIp", Addresses.format(node.nodeIp().getAddress()));
        o.put("asn", node.asn());
        o.put("block", node.block().toString());
        return o.toString();
    }

    /**
     * Parses a registry value.
     *
     * @throws IllegalArgumentException naming the key and what is wrong with the value
     */
    static NodeRecord read(String key, String json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException(key + ": not a JSON object");
        }
        try {
            String name = text(o, "name");
            InetAddress ip = Addresses.inet(text(o, "nodeIp"));
            if (!(ip instanceof Inet4Address ip4)) {
                throw new IllegalArgumentException("nodeIp " + ip.getHostAddress() + " is not IPv4");
            }
            JsonNode asn = o.get("asn");
            if (asn == null || !asn.canConvertToLong()) {
                throw new IllegalArgumentException("asn missing or not a number");
            }
            return new NodeRecord(name, ip4, asn.asLong(), Prefix.parse(text(o, "block")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " missing or not a string");
        }
        return v.asText();
    }
}
