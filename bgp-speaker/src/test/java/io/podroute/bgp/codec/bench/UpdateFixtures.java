package io.podroute.bgp.codec.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.Communities;
import io.podroute.bgp.codec.attribute.LargeCommunities;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UPDATEs as a top-of-rack switch announces pod CIDRs: ORIGIN IGP, an AS_PATH of four 4-byte ASNs,
 * NEXT_HOP (IPv4) or an MP_REACH_NLRI next hop (IPv6), MED, three COMMUNITIES and one LARGE_COMMUNITY,
 * in type-code order. Packed UPDATEs hold as many prefixes as fit in 4096 bytes (RFC 4271 §4.1), all
 * sharing that one attribute set.
 *
 * <p>The prefix counts are constants because {@code @OperationsPerInvocation} needs them at compile
 * time; {@link #packIpv4(int)} and {@link #packIpv6()} check that the packing really yields them.
 */
final class UpdateFixtures {
    static final CodecContext CTX = CodecContext.MODERN;

    /** UPDATEs with one prefix each, decoded or encoded per invocation. */
    static final int SINGLE_BATCH = 1000;
    /** /24 prefixes (4 bytes each) in a full 4096-byte UPDATE. */
    static final int IPV4_PACKED_24 = 1001;
    /** /26 prefixes (5 bytes each) in a full 4096-byte UPDATE. */
    static final int IPV4_PACKED_26 = 800;
    /** /64 prefixes (9 bytes each) in the MP_REACH_NLRI of a full 4096-byte UPDATE. */
    static final int IPV6_PACKED_64 = 442;

    private static final int[] AS_PATH = {(int) 4_200_001_001L, (int) 4_200_000_101L, (int) 4_200_000_001L, 65_010};
    private static final int[] COMMUNITIES = {(65_010 << 16) | 100, (65_010 << 16) | 200, (65_010 << 16) | 3_001};
    private static final int[] LARGE_COMMUNITY = {(int) 4_200_001_001L, 1, 100};
    private static final int NEXT_HOP_V4 = 0x0A00_FE01; // 10.0.254.1
    private static final byte[] NEXT_HOP_V6 = {(byte) 0xfd, 0, 0, 0, 0, 0, 0, (byte) 0xfe, 0, 0, 0, 0, 0, 0, 0, 1
    }; // fd00:0:0:fe::1

    private UpdateFixtures() {}

    /** The ToR's attribute set; {@code reach} (IPv6) replaces NEXT_HOP when not null. */
    static PathAttributes attributes(MpReachNlri reach) {
        List<PathAttribute> a = new ArrayList<>();
        a.add(Origin.IGP);
        a.add(AsPath.sequence(AS_PATH));
        if (reach == null) {
            a.add(new NextHop(NEXT_HOP_V4));
        }
        a.add(new MultiExitDisc(10));
        a.add(new Communities(COMMUNITIES));
        if (reach != null) {
            a.add(reach);
        }
        a.add(new LargeCommunities(LARGE_COMMUNITY));
        return PathAttributes.of(a);
    }

    /** 10.0.0.0/len, then the following prefixes of the same length: pod CIDRs of consecutive nodes. */
    static Prefix ipv4(int index, int length) {
        return Prefix.ipv4(0x0A00_0000 + (index << (32 - length)), length);
    }

    /** fd00:0:0:index::/64. */
    static Prefix ipv6(int index) {
        return Prefix.ipv6(0xfd00_0000_0000_0000L | index, 0, 64);
    }

    static UpdateMessage ipv4Update(List<Prefix> prefixes) {
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attributes(null), PrefixList.of(false, prefixes));
    }

    static UpdateMessage ipv6Update(List<Prefix> prefixes) {
        MpReachNlri reach = MpReachNlri.of(Family.IPV6_UNICAST, NEXT_HOP_V6, PrefixList.of(true, prefixes));
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attributes(reach), PrefixList.EMPTY_IPV4);
    }

    /** {@link #SINGLE_BATCH} UPDATEs of one /24 each. */
    static UpdateMessage[] ipv4Singles() {
        UpdateMessage[] out = new UpdateMessage[SINGLE_BATCH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ipv4Update(List.of(ipv4(i, 24)));
        }
        return out;
    }

    /** The fullest 4096-byte UPDATE of consecutive IPv4 prefixes of {@code length} bits. */
    static UpdateMessage packIpv4(int length) {
        List<Prefix> prefixes = new ArrayList<>();
        UpdateMessage last = null;
        while (true) {
            prefixes.add(ipv4(prefixes.size(), length));
            UpdateMessage next = ipv4Update(prefixes);
            if (encodedLength(next) > CodecContext.MAX_MESSAGE_LENGTH) {
                break;
            }
            last = next;
        }
        return checkCount(last, last.nlri().size(), length == 24 ? IPV4_PACKED_24 : IPV4_PACKED_26);
    }

    /** The fullest 4096-byte UPDATE of consecutive IPv6 /64 prefixes in MP_REACH_NLRI. */
    static UpdateMessage packIpv6() {
        List<Prefix> prefixes = new ArrayList<>();
        UpdateMessage last = null;
        while (true) {
            prefixes.add(ipv6(prefixes.size()));
            UpdateMessage next = ipv6Update(prefixes);
            if (encodedLength(next) > CodecContext.MAX_MESSAGE_LENGTH) {
                break;
            }
            last = next;
        }
        return checkCount(last, last.mpReach().prefixCount(), IPV6_PACKED_64);
    }

    private static UpdateMessage checkCount(UpdateMessage m, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException(
                    "packed UPDATE holds " + actual + " prefixes, the benchmark assumes " + expected);
        }
        return m;
    }

    /** The wire bytes of {@code m}, header included; checks that they decode back to {@code m}. */
    static byte[] wire(UpdateMessage m) {
        ByteBuf out = Unpooled.buffer(CodecContext.MAX_MESSAGE_LENGTH);
        try {
            BgpCodec.encode(m, CTX, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            BgpMessage back = BgpCodec.decode(Unpooled.wrappedBuffer(bytes), CTX);
            if (!(back instanceof UpdateMessage u)
                    || !u.errors().isEmpty()
                    || !u.nlri().equals(m.nlri())
                    // Flags may differ: the encoder sets Extended Length on values over 255 bytes.
                    || !u.attributes().list().equals(m.attributes().list())) {
                throw new IllegalStateException("fixture does not round-trip: " + back);
            }
            return bytes;
        } finally {
            out.release();
        }
    }

    /** Decode inputs: heap buffers around the pre-built bytes; the benchmark resets the reader index. */
    static ByteBuf[] inputs(UpdateMessage... messages) {
        return Arrays.stream(messages).map(m -> Unpooled.wrappedBuffer(wire(m))).toArray(ByteBuf[]::new);
    }

    private static int encodedLength(UpdateMessage m) {
        ByteBuf out = Unpooled.buffer(2 * CodecContext.MAX_MESSAGE_LENGTH);
        try {
            BgpCodec.encode(m, CTX.withExtendedMessage(true), out);
            return out.readableBytes();
        } finally {
            out.release();
        }
    }
}
