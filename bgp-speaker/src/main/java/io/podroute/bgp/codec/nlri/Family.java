package io.podroute.bgp.codec.nlri;

import java.util.Locale;

/**
 * An address family (AFI, SAFI pair; RFC 4760 §3). Values outside the known ones are kept as they
 * came, never rejected: {@link #of(int, int)} always returns an instance.
 */
public record Family(int afi, int safi) {
    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;

    public static final Family IPV4_UNICAST = new Family(AFI_IPV4, SAFI_UNICAST);
    public static final Family IPV6_UNICAST = new Family(AFI_IPV6, SAFI_UNICAST);

    public Family {
        if (afi < 0 || afi > 0xFFFF || safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
        }
    }

    public static Family of(int afi, int safi) {
        if (safi == SAFI_UNICAST) {
            if (afi == AFI_IPV4) {
                return IPV4_UNICAST;
            }
            if (afi == AFI_IPV6) {
                return IPV6_UNICAST;
            }
        }
        return new Family(afi, safi);
    }

    /** True for the families whose NLRI podroute decodes into prefixes (IPv4/IPv6 unicast). */
    public boolean isSupported() {
        return equals(IPV4_UNICAST) || equals(IPV6_UNICAST);
    }

    /** "ipv4-unicast", "ipv6-unicast", or "afi-N-safi-M" for anything else. */
    public String label() {
        if (equals(IPV4_UNICAST)) {
            return "ipv4-unicast";
        }
        if (equals(IPV6_UNICAST)) {
            return "ipv6-unicast";
        }
        return "afi-" + afi + "-safi-" + safi;
    }

    /** Inverse of {@link #label()}. */
    public static Family parse(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        switch (l) {
            case "ipv4-unicast":
                return IPV4_UNICAST;
            case "ipv6-unicast":
                return IPV6_UNICAST;
            default:
                String[] p = l.split("-", -1);
                if (p.length == 4 && p[0].equals("afi") && p[2].equals("safi")) {
                    try {
                        return of(Integer.parseInt(p[1]), Integer.parseInt(p[3]));
                    } catch (NumberFormatException e) {
                        // fall through to the error below
                    }
                }
                throw new IllegalArgumentException(
                        "unknown address family '" + label + "' (expected ipv4-unicast, ipv6-unicast or afi-N-safi-M)");
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
