package io.podroute.agent.config;

import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates {@code ipam}: the pools (IPv4, network addresses, no overlap, not in a reserved range, a
 * block size that fits) and {@code autoRelease}.
 */
final class IpamValidator {
    static final int DEFAULT_BLOCK_SIZE = 26;
    /** The longest block: 4 addresses, the least a node can do anything with. */
    static final int MAX_BLOCK_SIZE = 30;
    /** Below this, a missed heartbeat or two would cost a live node its block. */
    static final Duration MIN_AUTO_RELEASE = Duration.ofMinutes(1);

    private static final Duration MAX_AUTO_RELEASE = Duration.ofDays(365);

    /** Ranges that cannot hold pods, with their names for the error. */
    private static final List<Reserved> RESERVED = List.of(
            new Reserved(Prefix.parse("0.0.0.0/8"), "'this network'"),
            new Reserved(Prefix.parse("127.0.0.0/8"), "loopback"),
            new Reserved(Prefix.parse("169.254.0.0/16"), "link-local"),
            new Reserved(Prefix.parse("224.0.0.0/4"), "multicast"),
            new Reserved(Prefix.parse("240.0.0.0/4"), "reserved, with the broadcast address"));

    private record Reserved(Prefix range, String what) {}

    private final Fields fields;
    private final Problems problems;

    IpamValidator(Fields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    /** The pools in file order; invalid ones are left out (the reasons are in {@link Problems}). */
    List<AgentSetup.Pool> pools(AgentConfig.Ipam ipam) {
        List<AgentConfig.Pool> raw = ipam == null ? null : ipam.pools();
        if (raw == null || raw.isEmpty()) {
            problems.add("ipam.pools", "at least one pool is required (e.g. - cidr: 10.244.0.0/16)");
            return List.of();
        }
        List<AgentSetup.Pool> out = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = "ipam.pools[" + i + "]";
            AgentConfig.Pool p = raw.get(i);
            if (p == null || p.cidr() == null) {
                problems.add(at + ".cidr", "is required");
                continue;
            }
            Prefix cidr = cidr(p.cidr(), at + ".cidr");
            int lo = cidr == null ? 0 : cidr.length();
            int block = fields.range(p.blockSize(), DEFAULT_BLOCK_SIZE, lo, MAX_BLOCK_SIZE, at + ".blockSize");
            if (cidr == null) {
                continue;
            }
            if (p.blockSize() == null && block < lo) {
                problems.add(
                        at + ".blockSize",
                        "the default " + DEFAULT_BLOCK_SIZE + " is shorter than the pool's /" + lo + "; set it to " + lo
                                + ".." + MAX_BLOCK_SIZE);
                continue;
            }
            int overlap = overlapping(out, cidr);
            if (overlap >= 0) {
                problems.add(
                        at + ".cidr",
                        cidr + " overlaps ipam.pools[" + index.get(overlap) + "] "
                                + out.get(overlap).cidr());
                continue;
            }
            out.add(new AgentSetup.Pool(cidr, block, fields.bool(p.natOutgoing(), true)));
            index.add(i);
        }
        return out;
    }

    /** Null (never) when absent or {@code never}. */
    Duration autoRelease(AgentConfig.Ipam ipam) {
        String text = ipam == null ? null : ipam.autoRelease();
        if (text == null || text.strip().toLowerCase(Locale.ROOT).equals("never")) {
            return null;
        }
        return fields.duration(text, null, MIN_AUTO_RELEASE, MAX_AUTO_RELEASE, "ipam.autoRelease");
    }

    /** {@code node.ip} must not lie inside a pool: its routes would be taken for a pod's. */
    void checkNodeIp(Inet4Address ip, List<AgentSetup.Pool> pools) {
        if (ip == null) {
            return;
        }
        Prefix host = Prefix.of(ip, 32);
        for (AgentSetup.Pool p : pools) {
            if (overlaps(p.cidr(), host)) {
                problems.add("node.ip", ip.getHostAddress() + " is inside the pod pool " + p.cidr());
                return;
            }
        }
    }

    private Prefix cidr(String text, String at) {
        String t = text.strip();
        Prefix p;
        try {
            if (t.indexOf('/') < 0) {
                throw new IllegalArgumentException("no length");
            }
            p = Prefix.parse(t);
        } catch (IllegalArgumentException e) {
            problems.add(at, "'" + text + "' is not a prefix (write address/length, e.g. 10.244.0.0/16)");
            return null;
        }
        if (!p.isIpv4()) {
            problems.add(at, text + " is IPv6; only IPv4 pools are supported for now");
            return null;
        }
        if (!p.toString().equals(t)) {
            problems.add(at, text + " has host bits set (did you mean " + p + "?)");
            return null;
        }
        if (p.length() > MAX_BLOCK_SIZE) {
            problems.add(at, p + " is too small: the longest pool (and block) is /" + MAX_BLOCK_SIZE);
            return null;
        }
        for (Reserved r : RESERVED) {
            if (overlaps(r.range(), p)) {
                problems.add(at, p + " overlaps " + r.range() + " (" + r.what() + "), which cannot hold pods");
                return null;
            }
        }
        return p;
    }

    private static int overlapping(List<AgentSetup.Pool> pools, Prefix p) {
        for (int i = 0; i < pools.size(); i++) {
            if (overlaps(pools.get(i).cidr(), p)) {
                return i;
            }
        }
        return -1;
    }

    /** Two IPv4 prefixes overlap when they agree on the bits of the shorter one. */
    static boolean overlaps(Prefix a, Prefix b) {
        int len = Math.min(a.length(), b.length());
        if (len == 0) {
            return true;
        }
        int mask = -1 << (32 - len);
        return (bits(a) & mask) == (bits(b) & mask);
    }

    private static int bits(Prefix p) {
        byte[] b = p.address();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
