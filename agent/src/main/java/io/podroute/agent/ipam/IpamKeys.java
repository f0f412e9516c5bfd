package io.podroute.agent.ipam;

import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key layout of IPAM in a {@link Datastore} (docs/ipam.md):
 *
 * <pre>
 * blocks/10.244.0.64-26  → node1                      the claim, created with create() (CAS)
 * nodes/node1            → {"name":...,"nodeIp":...}  the registry
 * heartbeats/node1       → 1763722233000             epoch millis of the node's last heartbeat
 * </pre>
 */
final class IpamKeys {
    static final String BLOCKS = "blocks/";
    static final String NODES = "nodes/";
    static final String HEARTBEATS = "heartbeats/";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,253}");

    private IpamKeys() {}

    static String blockKey(Prefix block) {
        return BLOCKS + Addresses.format(block.address()) + "-" + block.length();
    }

    /** The block a {@code blocks/a.b.c.d-len} key names; empty if the key is not one we write. */
    static Optional<Prefix> parseBlockKey(String key) {
        if (!key.startsWith(BLOCKS)) {
            return Optional.empty();
        }
        String rest = key.substring(BLOCKS.length());
        int dash = rest.lastIndexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            Prefix block = Prefix.parse(rest.substring(0, dash) + "/" + rest.substring(dash + 1));
            // Only the canonical form (IPv4, host bits clear, no leading zeros) is a block key.
            return block.isIpv4() && blockKey(block).equals(key) ? Optional.of(block) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String nodeKey(String name) {
        return NODES + name;
    }

    static String heartbeatKey(String name) {
        return HEARTBEATS + name;
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void checkName(String name) throws IpamException {
        if (!validName(name)) {
            throw new IpamException("invalid node name '" + name + "': a node name is 1 to 253 characters of"
                    + " A-Z a-z 0-9 . _ - (it is part of datastore keys); set node.name in the config");
        }
    }
}
