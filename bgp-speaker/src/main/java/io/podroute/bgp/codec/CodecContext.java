package io.podroute.bgp.codec;

import io.podroute.bgp.codec.nlri.Family;

/**
 * What a session negotiated that changes the bytes of messages in one direction: 4-octet AS numbers
 * (RFC 6793), extended messages (RFC 8654), and the families whose NLRI carry add-path identifiers
 * (RFC 7911; for decoding, the families we receive path ids in; for encoding, those we send them in).
 *
 * <p>The default for tools and captures is {@link #MODERN}: 4-octet AS, no extended messages, no
 * add-path, as on any current session.
 */
public record CodecContext(boolean fourOctetAs, boolean extendedMessage, boolean addPathIpv4, boolean addPathIpv6) {
    public static final int MAX_MESSAGE_LENGTH = 4096;
    public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;

    /** 4-octet AS numbers, 4096-byte messages, no add-path. */
    public static final CodecContext MODERN = new CodecContext(true, false, false, false);

    /** 2-octet AS numbers (a peer without RFC 6793), 4096-byte messages, no add-path. */
    public static final CodecContext LEGACY = new CodecContext(false, false, false, false);

    /** The largest message allowed in this direction. */
    public int maxMessageLength() {
        return extendedMessage ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
    }

    /** Bytes of one AS number in AS_PATH and AGGREGATOR. */
    public int asnWidth() {
        return fourOctetAs ? 4 : 2;
    }

    /** True if NLRI of {@code family} carry path ids in this direction. */
    public boolean addPath(Family family) {
        if (family.equals(Family.IPV4_UNICAST)) {
            return addPathIpv4;
        }
        if (family.equals(Family.IPV6_UNICAST)) {
            return addPathIpv6;
        }
        return false;
    }

    public boolean addPath(boolean ipv6) {
        return ipv6 ? addPathIpv6 : addPathIpv4;
    }

    public CodecContext withFourOctetAs(boolean value) {
        return new CodecContext(value, extendedMessage, addPathIpv4, addPathIpv6);
    }

    public CodecContext withExtendedMessage(boolean value) {
        return new CodecContext(fourOctetAs, value, addPathIpv4, addPathIpv6);
    }

    public CodecContext withAddPath(boolean ipv4, boolean ipv6) {
        return new CodecContext(fourOctetAs, extendedMessage, ipv4, ipv6);
    }
}
