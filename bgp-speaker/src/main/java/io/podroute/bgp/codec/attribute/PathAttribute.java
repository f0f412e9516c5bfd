package io.podroute.bgp.codec.attribute;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.CodecContext;

/**
 * A path attribute of an UPDATE (RFC 4271 §4.3, §5). Known type codes decode to their own record (one
 * file each, decoded by {@link AttributeCodec}); anything else is kept byte-for-byte with its flags as
 * {@link UnknownAttribute}. The wire flags of each attribute as received live in {@link PathAttributes}.
 */
public sealed interface PathAttribute
        permits Origin,
                AsPath,
                NextHop,
                MultiExitDisc,
                LocalPref,
                AtomicAggregate,
                Aggregator,
                Communities,
                OriginatorId,
                ClusterList,
                MpReachNlri,
                MpUnreachNlri,
                ExtendedCommunities,
                As4Path,
                As4Aggregator,
                LargeCommunities,
                UnknownAttribute {
    int FLAG_OPTIONAL = 0x80;
    int FLAG_TRANSITIVE = 0x40;
    int FLAG_PARTIAL = 0x20;
    int FLAG_EXTENDED_LENGTH = 0x10;

    int ORIGIN = 1;
    int AS_PATH = 2;
    int NEXT_HOP = 3;
    int MULTI_EXIT_DISC = 4;
    int LOCAL_PREF = 5;
    int ATOMIC_AGGREGATE = 6;
    int AGGREGATOR = 7;
    int COMMUNITIES = 8;
    int ORIGINATOR_ID = 9;
    int CLUSTER_LIST = 10;
    int MP_REACH_NLRI = 14;
    int MP_UNREACH_NLRI = 15;
    int EXTENDED_COMMUNITIES = 16;
    int AS4_PATH = 17;
    int AS4_AGGREGATOR = 18;
    int LARGE_COMMUNITY = 32;

    /** The attribute type code. */
    int typeCode();

    /** The Optional and Transitive flag bits this type must carry (RFC 4271 §5). */
    int defaultFlags();

    /** Bytes of the value as {@link #writeValue} writes it in {@code ctx}. */
    int valueLength(CodecContext ctx);

    /** Writes the value (without flags, type and length). */
    void writeValue(ByteBuf out, CodecContext ctx);
}
